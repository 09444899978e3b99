"""What `bench/room_fanout.py` adds to the servers it starts (its PYTHONPATH holds this directory).

Never loaded by the forum itself. Python imports this module at start-up; it only acts in gunicorn
processes, and only as the environment asks:
- GC_PAUSE_LOG=DIR: every garbage collection is logged (gc_pause_log.py);
- PATCH_SENDALL=1: simple-websocket writes with sendall() (sendall_fix.py, the --patch-sendall experiment).
"""
import os
import sys

if any("gunicorn" in arg for arg in sys.argv):
    if os.environ.get("GC_PAUSE_LOG"):
        import gc_pause_log

        gc_pause_log.install(os.environ["GC_PAUSE_LOG"])
    if os.environ.get("PATCH_SENDALL") == "1":
        import sendall_fix  # noqa: F401
