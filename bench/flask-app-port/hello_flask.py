"""The original flask-app's app.py as it was deployed, with today's telemetry packages.

Every request is traced (Flask instrumentation, spans batched to the node agent over OTLP
gRPC, where the original used the since-removed OpenCensus exporter), counted in
flask_app_hello_requests (attributes pid, app, environment) and logged twice through
gunicorn's error logger. ORIGINAL_TELEMETRY=off leaves all of that out: the same Flask
endpoint alone, the benchmark's "original without telemetry".

Each gunicorn worker imports this module after the fork (no --preload), so each worker has
its own SDK, export threads and pid attribute, as in the original.
"""
import logging
import os

from flask import Flask

TELEMETRY = os.environ.get("ORIGINAL_TELEMETRY", "on") != "off"

app = Flask(__name__)

if TELEMETRY:
    from opentelemetry import metrics, trace
    from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.flask import FlaskInstrumentor
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    # Endpoint, service name and intervals from the standard OTEL_* variables.
    trace.set_tracer_provider(TracerProvider())
    trace.get_tracer_provider().add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    metrics.set_meter_provider(
        MeterProvider(metric_readers=[PeriodicExportingMetricReader(OTLPMetricExporter())]))

    metric_labels = {
        "pid": os.getpid(),
        "app": "flask-app",
        "environment": os.environ.get("APP_ENVIRONMENT", "staging"),
    }
    requests_counter = metrics.get_meter(__name__).create_counter(
        "flask_app_hello_requests", unit="1", description="Hello requests count")

    FlaskInstrumentor().instrument_app(app)

    # Logging setup, as the original: the app logs through gunicorn's error log handlers.
    gunicorn_logger = logging.getLogger("gunicorn.error")
    app.logger.handlers = gunicorn_logger.handlers
    app.logger.setLevel(gunicorn_logger.level)


@app.route("/")
def hello():
    if TELEMETRY:
        app.logger.info("Received hello request !")
        requests_counter.add(1, metric_labels)
        app.logger.debug("Counter was incremented.")
    return "Hello World!"
