# Runs Locust's own UsersDispatcher on the scenario given as JSON and prints every step, for UsersDispatcherTest.
import json, sys
import gevent
gevent.sleep = lambda *a, **k: None
import locust.dispatch as d
from locust import User
from locust.runners import WorkerNode
spec = json.loads(sys.argv[1])
classes = [type(c["name"], (User,), {"weight": c["weight"], "fixed_count": c["fixed"]}) for c in spec["classes"]]
workers = {w: WorkerNode(w) for w in spec["workers"]}
disp = d.UsersDispatcher(worker_nodes=list(workers.values()), user_classes=classes)
out = []
for op in spec["ops"]:
    if op[0] == "dispatch":
        disp.new_dispatch(target_user_count=op[1], spawn_rate=op[2])
        out.append([s for s in disp])
    elif op[0] == "add":
        workers[op[1]] = WorkerNode(op[1]); disp.add_worker(workers[op[1]])
    else:
        disp.remove_worker(workers[op[1]])
print(json.dumps(out))
