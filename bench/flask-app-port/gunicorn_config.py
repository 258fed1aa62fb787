"""The original flask-app's gunicorn config.py: workers and threads from the CPU count.

HOST and PORT choose the address (the original listened on 0.0.0.0:$PORT; the benchmark
keeps to loopback).
"""
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8080')}"
workers = multiprocessing.cpu_count() * 2 + 1
threads = multiprocessing.cpu_count() * 2
