"""Minimal OTLP/HTTP metrics sink for the benchmark: accepts POST /v1/metrics and appends the
wall-clock arrival time (ns since the epoch) of each export to a file. The body is not decoded:
the benchmark only needs to know when the first export arrived; the Maven tests check content."""
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server naming)
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(self.server.arrivals, "a", encoding="utf-8") as out:
            out.write(f"{time.time_ns()}\n")
        # An empty ExportMetricsServiceResponse is zero bytes of protobuf.
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    port_file, arrivals = sys.argv[1], sys.argv[2]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    server.arrivals = arrivals
    with open(port_file, "w", encoding="utf-8") as out:
        out.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
