"""Scale-out on Dask: parts of a dump processed on Dask workers, one pipeline per worker.

Needs the ``dask`` extra (``pip install "mideast-nlp[dask]"``: dask and distributed); nothing else
in the package imports Dask. The driver (this process) streams the inputs, cuts them into parts
and submits each part to the cluster; a worker loads the pipeline once (on its first part), runs
it, and commits the part into ``OUT.parts/`` exactly as a local run does (see
:mod:`mideast_nlp.batch`), so resume, error files and the output formats are the same. With
``format="parquet"`` (the default here) the output is a partitioned Parquet dataset
``OUT/<table>/part-*.parquet``.

Workers write the parts themselves: on a multi-node cluster ``OUT`` must be on a file system that
every worker and the driver see at the same path (NFS, a cluster file system). Only the records
travel through the scheduler; at most ``2 × workers`` parts are in flight, so the driver's memory
stays bounded whatever the dump's size.

>>> from mideast_nlp.dask import run                                  # doctest: +SKIP
>>> from mideast_nlp.io import read_inputs
>>> run(read_inputs(["dump.jsonl.gz"]), "out", scheduler="tcp://head:8786")   # doctest: +SKIP

or ``mideast-nlp extract dump.jsonl.gz -o out --dask tcp://head:8786``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .batch import BatchOptions, PartResult, ProgressBar, Summary, process_part, run_batch
from .io import InputRecord


def _task(parts: str, name: str, records: list[InputRecord], options: BatchOptions) -> PartResult:
    return process_part(parts, name, records, options)


class DaskBackend:
    """Submit parts to a ``distributed.Client``; each worker keeps one loaded pipeline."""

    def __init__(self, client: Any) -> None:
        self.client = client
        n_workers = max(len(client.scheduler_info().get("workers", {})), 1)
        self.max_in_flight = 2 * n_workers

    def submit(self, parts: Path, name: str, records: list[InputRecord], options: BatchOptions) -> Any:
        return self.client.submit(_task, str(parts), name, records, options, key=f"mideast-nlp-{name}", pure=False)

    def wait(self, futures: list[Any], timeout: float) -> list[Any]:
        from distributed import wait

        try:
            done, _ = wait(futures, timeout=max(timeout, 0.01), return_when="FIRST_COMPLETED")
        except TimeoutError:
            return []
        return list(done)

    def result(self, future: Any) -> PartResult:
        value: PartResult = future.result()
        future.release()
        return value

    def poll_progress(self) -> tuple[int, int]:
        return 0, 0

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.client.cancel([f for f in self.client.futures.values()])

    def close(self) -> None:
        pass


def run(
    records: Iterable[InputRecord],
    output: str | Path,
    options: BatchOptions | None = None,
    *,
    scheduler: str | None = None,
    client: Any = None,
    workers: int = 2,
    part_size: int = 1000,
    resume: bool = False,
    progress: ProgressBar | None = None,
) -> Summary:
    """Process ``records`` on a Dask cluster into ``output`` (see :func:`mideast_nlp.batch.run_batch`).

    Args:
        records: the input stream, e.g. :func:`mideast_nlp.io.read_inputs`.
        output: output folder (Parquet by default) or file, on a file system the workers share.
        options: format and pipeline options (default: Parquet).
        scheduler: a scheduler address (``tcp://host:8786``), or ``"local"`` for a
            ``distributed.LocalCluster`` of ``workers`` single-threaded worker processes.
        client: an existing ``distributed.Client`` (instead of ``scheduler``).
        workers: workers of the local cluster.
        part_size: records per part (a Dask task).
        resume: skip the parts an interrupted run committed.
    """
    from distributed import Client, LocalCluster

    options = options or BatchOptions(format="parquet")
    cluster = None
    own_client = client is None
    if client is None:
        if scheduler in (None, "local"):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler)
    try:
        return run_batch(
            records,
            output,
            options,
            part_size=part_size,
            resume=resume,
            progress=progress,
            backend=DaskBackend(client),
        )
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()
