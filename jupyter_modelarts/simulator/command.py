"""``jupyter modelarts simulator``: serve the ModelArts simulator until SIGINT/SIGTERM.

Credentials not given on the command line are generated and printed once at
start (the caller needs them to configure a client); credentials that were
given are never echoed.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import signal
import string
import sys
import uuid
from typing import TextIO

from jupyter_modelarts.simulator.server import Simulator

DEFAULT_PORT = 9797
DEFAULT_HOST = "127.0.0.1"
_AK_ALPHABET = string.ascii_uppercase + string.digits


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--host", default=DEFAULT_HOST, help=f"interface to listen on (default {DEFAULT_HOST})")
    add(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on, 0 for any free one (default {DEFAULT_PORT})",
    )
    add("--ak", metavar="AK", help="access key clients must sign with (default: generated and printed)")
    add("--sk", metavar="SK", help="secret key clients must sign with (default: generated and printed)")
    add("--project-id", metavar="PID", help="project id of the simulated account (default: generated)")
    add(
        "--speed",
        type=float,
        default=1.0,
        help="time-lapse factor for provisioning steps (default 1: ~2 s per step)",
    )
    add("--iam-token", action="append", default=[], metavar="T", help="accept this X-Auth-Token (repeatable)")
    add(
        "--security-token",
        action="append",
        default=[],
        metavar="T",
        help="accept this X-Security-Token with the AK/SK (repeatable)",
    )
    add("--quota", type=int, default=10, help="maximum number of instances (default 10, ModelArts.6302)")
    add(
        "--max-running",
        type=int,
        default=4,
        help="maximum instances holding compute at once (default 4, ModelArts.0113)",
    )
    add(
        "--workdir",
        metavar="DIR",
        help="where instance work directories live (default: a temporary directory)",
    )
    add("--region", default="sim-local-1", help="region name the simulator reports (default sim-local-1)")
    add(
        "--no-lab",
        dest="lab",
        action="store_false",
        help="start no JupyterLab processes; instance URLs lead to a stand-in page",
    )


def generated_access_key() -> str:
    return "SIM" + "".join(secrets.choice(_AK_ALPHABET) for _ in range(17))


def run(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    try:
        return asyncio.run(_serve(args, out))
    except ValueError as problem:  # bad settings, already worded for people
        print(f"jupyter modelarts simulator: {problem}", file=sys.stderr)
        return 2
    except OSError as problem:
        print(
            f"jupyter modelarts simulator: cannot listen on {args.host}:{args.port}: {problem}",
            file=sys.stderr,
        )
        return 1


async def _serve(args: argparse.Namespace, out: TextIO) -> int:
    access_key = args.ak or generated_access_key()
    secret_key = args.sk or secrets.token_hex(20)
    project_id = args.project_id or uuid.uuid4().hex
    names = ("host", "port", "speed", "quota", "max_running", "workdir", "region", "lab")
    options = {name: getattr(args, name) for name in names}
    tokens = {"iam_tokens": args.iam_token, "security_tokens": args.security_token}
    simulator = Simulator(access_key, secret_key, project_id, **tokens, **options)
    await simulator.start()
    print(f"ModelArts simulator listening on {simulator.endpoint}", file=out)
    print(f"  project id: {project_id}", file=out)
    print(f"  region:     {args.region}", file=out)
    print(f"  access key: {'(as given)' if args.ak else access_key}", file=out)
    print(f"  secret key: {'(as given)' if args.sk else secret_key}", file=out)
    print(f"  JupyterLab: {'one process per running instance' if args.lab else 'none (--no-lab)'}", file=out)
    print("Press Ctrl+C to stop.", file=out, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        print("Stopping the simulator and its JupyterLab servers...", file=out, flush=True)
        await simulator.stop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    return 0
