"""The engines: the Dask engine builds the same site, byte for byte, as the local one, and a
broken seed or a dying worker costs only its own seed."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.build import build
from generator.dask_engine import local_cluster

from .conftest import PROJECT, build_settings, write_seed

distributed = pytest.importorskip("distributed")

# Invented articles: people, quotes, dates and places of no real report.
ARTICLES = {
    "majlis.txt": (
        '---\ntitle: "المجلس البلدي يقر موازنة الحدائق"\ndate: 2023-05-14\n---\n'
        'أقر المجلس البلدي في مدينة الزرقاء يوم الأحد موازنة جديدة للحدائق العامة.\n\n'
        'وقال رئيس المجلس نادر الخطيب إن "الحدائق حق لكل حي في المدينة".\n\n'
        'وأضاف الخطيب أن العمل سيبدأ في الأول من حزيران المقبل.\n'),
    "naqaba.md": (
        '---\ntitle: "نقابة المعلمين تطالب بزيادة الرواتب"\ndate: 2021-09-02\n---\n'
        'طالبت نقابة المعلمين الحكومة **بزيادة الرواتب** قبل بداية العام الدراسي.\n\n'
        'وقالت نائبة النقيب سلمى العمري: «لن نقبل بوعود جديدة».\n'),
    "mina.txt": (
        '---\ntitle: "افتتاح رصيف جديد في الميناء"\ndate: 2020-11-20\n---\n'
        'افتتحت سلطة الميناء رصيفا جديدا للسفن التجارية يوم الخميس.\n\n'
        'وقال مدير السلطة وليد حداد إن الرصيف سيخدم عشرين سفينة في الشهر.\n'),
    "matar.txt": (
        '---\ntitle: "أمطار غزيرة تغلق طرقا في الشمال"\ndate: 2022-01-08\n---\n'
        'أغلقت الأمطار الغزيرة ثلاثة طرق رئيسية في المحافظات الشمالية يوم السبت.\n\n'
        'وقال المتحدث باسم الدفاع المدني عماد الصالح إن "الفرق تعمل منذ الفجر".\n'),
}
CORRECTIONS = ("majlis.corrections.yaml",
               "actors:\n  - actor: نادر الخطيب\n    roles: [رئيس المجلس البلدي]\n")


def make_seeds(folder: Path, extra: dict[str, str] | None = None) -> Path:
    folder.mkdir()
    for name, text in {**ARTICLES, **(extra or {})}.items():
        write_seed(folder, name, text)
    write_seed(folder, *CORRECTIONS)
    write_seed(folder, "empty.txt", "  \n")  # skipped, under either engine
    return folder


def run(seeds: Path, out: Path, cache: Path | None, **kw):
    kw.setdefault("jobs", 1)  # (no fork of a process that holds a Dask cluster's threads)
    return build(build_settings(seeds, out, cache, **kw))


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def outcome(report):
    return (report.built, report.skipped, report.failed, [str(p) for p in report.problems])


@pytest.fixture(scope="module")
def cluster():
    """A 2-worker local cluster for the tests that reach it by address. A task is reported
    after killing two workers (Dask's default is 4), and a worker holds only the task it
    runs (by default it holds one more, which a death counts against too)."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                          "distributed.scheduler.worker-saturation": 1.0}):
        local = local_cluster(2)
    client = distributed.Client(local)
    yield local, client
    client.close()
    local.close()


@pytest.mark.slow
def test_dask_on_its_own_local_cluster_writes_the_same_bytes_as_local(tmp_path):
    seeds = make_seeds(tmp_path / "seeds")
    local = run(seeds, tmp_path / "local", tmp_path / "cache-local")
    dask = run(seeds, tmp_path / "dask", tmp_path / "cache-dask", engine="dask", jobs=2)
    assert len(local.built) == len(ARTICLES) and local.skipped == [str(seeds / "empty.txt")]
    assert outcome(dask) == outcome(local)
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    # the writing machine's cache was filled: a rebuild needs no cluster at all
    again = run(seeds, tmp_path / "dask", tmp_path / "cache-dask", engine="dask", jobs=2)
    assert again.cached == {"render": len(ARTICLES)}
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")


@pytest.mark.slow
def test_a_cached_analysis_travels_with_its_task_and_models_load_once(cluster, tmp_path):
    from generator.ner.tagger import default_tagger

    local_cluster, client = cluster
    address = local_cluster.scheduler_address
    seeds = make_seeds(tmp_path / "seeds")
    run(seeds, tmp_path / "dask", tmp_path / "cache", engine="dask", scheduler=address)
    # another site title: every briefing is rendered again from its cached analysis
    dask = run(seeds, tmp_path / "dask", tmp_path / "cache", engine="dask",
               scheduler=address, site_title="موجز التجربة")
    local = run(seeds, tmp_path / "local", None, site_title="موجز التجربة")
    assert outcome(dask) == outcome(local)
    assert dask.cached == {"analysis": len(ARTICLES)}
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    # the tagger was made once in each worker process, not once per task
    made = client.run(lambda: default_tagger.cache_info().misses)
    assert set(made.values()) <= {0, 1} and sum(made.values()) >= 1


@pytest.mark.slow
def test_a_broken_seed_fails_only_itself_under_dask(cluster, tmp_path):
    broken = {"bad-front.txt": '---\ntitle: "عنوان\n---\nنص قصير عن اجتماع اللجنة.\n',
              "bad-corrected.txt": ARTICLES["mina.txt"].replace("الخميس", "الاثنين"),
              "bad-corrected.corrections.yaml": "actors:\n  - actor: وليد حداد\n"
                                                "    type: إنسان\n"}
    seeds = make_seeds(tmp_path / "seeds", broken)
    dask = run(seeds, tmp_path / "dask", None, engine="dask",
               scheduler=cluster[0].scheduler_address)
    local = run(seeds, tmp_path / "local", None)
    assert sorted(dask.failed) == [str(seeds / "bad-corrected.txt"),
                                   str(seeds / "bad-front.txt")]
    assert len(dask.built) == len(ARTICLES)
    assert outcome(dask) == outcome(local)
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")


class KillOnStart(distributed.WorkerPlugin):
    """Test-only: end the worker process as soon as it starts the task of a seed named
    ``doomed`` (once, when a marker file says it has not happened yet, or every time)."""

    def __init__(self, marker: str, every_time: bool) -> None:
        self.marker = marker
        self.every_time = every_time

    def transition(self, key, start, finish, **kwargs) -> None:  # noqa: ANN001
        if finish == "executing" and str(key).endswith("-doomed") and (
                self.every_time or not os.path.exists(self.marker)):
            Path(self.marker).touch()
            os._exit(1)


@pytest.mark.slow
@pytest.mark.parametrize("every_time", [False, True])
def test_a_worker_killed_mid_task_has_its_seed_retried_or_reported(cluster, tmp_path,
                                                                   every_time):
    local_cluster, client = cluster
    doomed = ARTICLES["matar.txt"].replace("السبت", "الجمعة")
    seeds = make_seeds(tmp_path / "seeds", {"doomed.txt": doomed})
    marker = tmp_path / "killed"
    name = f"kill-on-start-{every_time}"
    client.register_plugin(KillOnStart(str(marker), every_time), name=name)
    try:
        report = run(seeds, tmp_path / "dask", None, engine="dask",
                     scheduler=local_cluster.scheduler_address)
    finally:
        client.unregister_worker_plugin(name)
    assert marker.exists(), "a worker was killed"
    if every_time:  # it kills every worker that tries: reported, the others published
        assert report.failed == [str(seeds / "doomed.txt")]
        assert [(p.path, p.code) for p in report.problems] == [
            (str(seeds / "doomed.txt"), "worker-died"), (str(seeds / "empty.txt"), "empty")]
        assert not (tmp_path / "dask" / "doomed").exists()
    else:  # killed once: built again on a worker that lives
        assert report.failed == [] and str(seeds / "doomed.txt") in report.built
        assert (tmp_path / "dask" / "doomed" / "index.html").is_file()
    assert len(report.built) == len(ARTICLES) + (not every_time)
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the dead ones


def test_the_time_limit_reaches_a_build_in_a_worker_thread(tmp_path, monkeypatch):
    """A Dask worker runs its task in a thread, where SIGALRM cannot stop it."""
    import time

    import generator.pipeline as pipeline
    from generator.briefing_job import JobContext, SeedJob, build_seed
    from generator.cache import Fingerprints

    def busy(doc, corrections=None):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # Python steps, where the limit can land
            pass
        return doc

    monkeypatch.setattr(pipeline, "analyze", busy)
    seeds = make_seeds(tmp_path / "seeds")
    (tmp_path / "staging").mkdir()
    settings = build_settings(seeds, tmp_path / "out", seed_seconds=1)
    context = JobContext(settings, Fingerprints.now(), None, tmp_path / "staging")
    job = SeedJob(seeds / "mina.txt", "mina.txt", "mina", seeds)
    results = []
    thread = threading.Thread(target=lambda: results.append(build_seed(job, context)))
    thread.start()
    thread.join(60)
    assert results[0].status == "failed"
    assert [p.code for p in results[0].problems] == ["timeout"]
    assert not (tmp_path / "staging" / "mina").exists()


def test_a_scheduler_without_the_dask_engine_is_refused(tmp_path):
    seeds = make_seeds(tmp_path / "seeds")
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(seeds), "-o",
                             str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:8786"],
                            cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "--scheduler is for the Dask engine: add --engine dask [config]" in result.stderr
