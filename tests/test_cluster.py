"""`reportpress build --cluster`: a Dask scheduler and two workers on 127.0.0.1 (started from this venv),
one worker killed with SIGKILL while it builds, and still every output written, identical to a local build."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.batchutil import REPO, make_project, outputs

distributed = pytest.importorskip("distributed")
pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::ResourceWarning"),
              pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")]
WAIT_S = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), *sys.path])}


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """A scheduler and two one-thread workers, bound to 127.0.0.1 on free ports; torn down always."""
    address = f"tcp://127.0.0.1:{free_port()}"
    logs = tmp_path / "logs"
    logs.mkdir()
    processes = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                   "--port", address.rsplit(":", 1)[1], "--no-dashboard"], env=env(),
                                  stdout=subprocess.DEVNULL, stderr=(logs / "scheduler").open("wb"))]
    try:
        for number in range(2):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1", "--no-nanny",
                 "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{number}"], env=env(), cwd=tmp_path,
                stdout=subprocess.DEVNULL, stderr=(logs / f"worker{number}").open("wb")))
        with distributed.Client(address, timeout=WAIT_S) as client:
            client.wait_for_workers(2, timeout=WAIT_S)
        yield address
    finally:
        for process in processes:
            process.kill()
            process.wait(timeout=WAIT_S)


def executing(client: object) -> dict[str, tuple[int, list[str]]]:
    """Each worker's pid and the keys it is executing now."""
    def probe(dask_worker: object) -> tuple[int, list[str]]:
        return os.getpid(), [str(task.key) for task in dask_worker.state.executing]  # type: ignore[attr-defined]

    return client.run(probe)  # type: ignore[attr-defined, no-any-return]


def test_a_worker_killed_mid_batch_still_gives_every_output(tmp_path: Path, cluster: str) -> None:
    local_root = tmp_path / "local"
    sources = make_project(local_root, 8)
    subprocess.run([sys.executable, "-m", "reportpress", "build", "--jobs", "1", *map(str, sources)],
                   cwd=local_root, env=env(), check=True, capture_output=True, timeout=600)
    root = tmp_path / "remote"
    make_project(root, 8)
    batch = subprocess.Popen([sys.executable, "-m", "reportpress", "build", "--cluster", cluster, *map(str, sources)],
                             cwd=root, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        with distributed.Client(cluster, timeout=WAIT_S) as client:
            deadline = time.monotonic() + WAIT_S
            victim = None
            while victim is None and time.monotonic() < deadline and batch.poll() is None:
                victim = next((pid for pid, keys in executing(client).values() if keys), None)
            assert victim is not None, "no worker was seen building"
            os.kill(victim, signal.SIGKILL)
        out, err = batch.communicate(timeout=600)
    finally:
        batch.kill()
    assert batch.returncode == 0, err.decode()
    assert outputs(root / "output") == outputs(local_root / "output")
    assert len(outputs(root / "output")) == 16
    assert out.decode().count("wrote ") == 16


def test_cluster_without_a_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    [source] = make_project(tmp_path, 1)
    result = subprocess.run([sys.executable, "-m", "reportpress", "build", "--cluster",
                             f"tcp://127.0.0.1:{free_port()}", str(source)], cwd=tmp_path, env=env(),
                            capture_output=True, timeout=300)
    assert result.returncode == 1
    assert b"no Dask scheduler answers there" in result.stderr
