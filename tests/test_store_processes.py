"""The claim store under real processes: a run killed mid-way (SIGKILL, Ctrl-C) leaves whole
articles only; one writer and a reader at once see no corruption.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from credence.scoring.store import ClaimStore
from credence.scoring.store_maintenance import export_lines, store_stats

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "from credence.cli import main; main()"]
BATCH = 3
#: Articles the writer and the Ctrl-C run store: eight versions of each example article.
TOTAL = 8 * len(list((ROOT / "examples").glob("*/*.txt")))

#: Writes the example articles, each in eight lightly edited versions, into a store, BATCH
#: articles a transaction (the ids and a few words differ, so each one is analysed).
WRITER = textwrap.dedent(
    f"""
    import sys
    from dataclasses import replace
    from credence import Scorer
    from credence.ingest import read_articles
    from credence.scoring.incremental import score_into_store
    from credence.scoring.store import ClaimStore

    examples = read_articles([{str(ROOT / "examples")!r}]).articles
    edits = [("said", "stated"), ("on", "on"), ("the", "the"), ("officials", "authorities")]
    articles = [
        replace(a, id=f"{{a.id}}-v{{k}}", text=a.text.replace(*edits[k % 4]) + f" Update {{k}}.")
        for k in range(8)
        for a in examples
    ]
    scorer = Scorer.load()
    with ClaimStore(sys.argv[1]) as store:
        score_into_store(scorer, articles, store, batch_articles={BATCH})
    print("done", flush=True)
    """
)


def _stored_articles(path: Path) -> int:
    try:
        with ClaimStore(path, readonly=True) as store:
            return store.article_count()
    except Exception:  # noqa: BLE001 - not created yet, or mid-creation
        return 0


def _wait_for_articles(path: Path, process: subprocess.Popen, at_least: int) -> None:
    deadline = time.monotonic() + 120
    while _stored_articles(path) < at_least:
        assert process.poll() is None, "the writer ended before it could be interrupted"
        assert time.monotonic() < deadline, "the writer stored nothing in 120 s"
        time.sleep(0.05)


def _assert_whole_articles(path: Path) -> int:
    """Integrity checked, and every stored article has all its claims and their postings."""
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    with ClaimStore(path, readonly=True) as store:
        conn = store.conn
        for analysis in store.analyses():
            ids = [
                i
                for (i,) in conn.execute(
                    "SELECT c.id FROM claims c JOIN articles a ON c.article = a.seq "
                    "WHERE a.id = ? ORDER BY c.seq",
                    (analysis.article.id,),
                )
            ]
            assert ids == [c.id for c in analysis.claims]
        counted = dict(conn.execute("SELECT term, COUNT(*) FROM postings GROUP BY term"))
        assert counted == dict(conn.execute("SELECT id, df FROM terms WHERE df > 0"))
        unposted = conn.execute(
            "SELECT COUNT(*) FROM claims WHERE seq NOT IN (SELECT claim FROM postings)"
        ).fetchone()[0]
        assert unposted == 0
        return store.article_count()


def _writer(tmp_path: Path, store: Path) -> subprocess.Popen:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), str(store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CREDENCE_WORKERS": "1"},
    )


def test_store_killed_mid_run_holds_whole_articles_only(tmp_path):
    store = tmp_path / "claims.db"
    process = _writer(tmp_path, store)
    _wait_for_articles(store, process, BATCH)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    stored = _assert_whole_articles(store)
    assert stored >= BATCH
    assert stored % BATCH == 0  # whole transactions: batches of whole articles
    assert stored < TOTAL, "the run finished before it was killed"


def test_store_ctrl_c_mid_run_says_interrupted_and_keeps_whole_articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for k in range(8):
        for path in sorted((ROOT / "examples").glob("*/*.txt")):
            text = path.read_text(encoding="utf-8")
            (folder / f"{path.stem}-v{k}.txt").write_text(text + f"\nUpdate {k}.\n")
    store = tmp_path / "claims.db"
    process = subprocess.Popen(
        [*CLI, "score", str(folder), "--store", str(store), "--workers", "1", "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_articles(store, process, 1)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert stderr.strip().splitlines()[-1] == "Error: interrupted"
    # The CLI commits 50 articles a transaction: interrupted while analysing a later batch,
    # or while scoring after all of them; never a part of a batch.
    assert _assert_whole_articles(store) in {*range(50, TOTAL, 50), TOTAL}


def test_store_one_writer_and_a_reader_at_once(tmp_path):
    store = tmp_path / "claims.db"
    process = _writer(tmp_path, store)
    _wait_for_articles(store, process, 1)
    reads = 0
    seen = 0
    while process.poll() is None:
        with ClaimStore(store, readonly=True) as reader:
            with reader.snapshot():  # one commit's view for both
                stats = store_stats(reader)
                lines = list(export_lines(reader))
            # A reader sees whole committed batches only, and never fewer than before.
            assert stats["counts"]["articles"] == len(lines) >= seen
            seen = len(lines)
            assert all(line.endswith("}\n") for line in lines)
        reads += 1
        time.sleep(0.02)
    out, err = process.communicate()
    assert process.returncode == 0, err
    assert out.strip() == "done"
    assert reads >= 2
    assert _assert_whole_articles(store) == TOTAL


#: Runs ``credence score FOLDER --store DB -f jsonl -o OUT`` (the chunked stage) with small
#: batches and chunks, and SIGKILLs itself at a point: inside the transaction of the
#: ``at``-th article (``article``), or once ``at`` lines were made (``line``).
KILLED_JSONL = textwrap.dedent(
    """
    import os, signal, sys
    from credence.cli import main
    from credence.scoring.store import ClaimStore
    from credence.scoring.store_chunked import ChunkedRun

    where, at, folder, db, out = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
    start = ChunkedRun.start
    ChunkedRun.start = staticmethod(
        lambda *a, **k: start(*a, **{**k, "chunk_claims": 10, "batch_articles": 2})
    )
    counted = [0]

    def kill_at(count):
        counted[0] += count
        if where != "none" and counted[0] >= at:
            os.kill(os.getpid(), signal.SIGKILL)

    add_one, lines = ClaimStore._add_one, ChunkedRun.lines

    def _add_one(self, analysis, run):
        add_one(self, analysis, run)
        kill_at(where == "article")

    def _lines(self):
        for line in lines(self):
            yield line
            kill_at(where == "line")

    ClaimStore._add_one, ChunkedRun.lines = _add_one, _lines
    sys.argv = ["credence", "score", folder, "--store", db, "-f", "jsonl", "-o", out]
    main()
    """
)


def test_store_jsonl_run_killed_mid_run_keeps_whole_articles_and_reruns_equal(scorer, tmp_path):
    """``score --store -f jsonl`` (the chunked stage) SIGKILLed while analysing and while
    writing its lines: the store holds whole articles only, no scores of the killed runs and
    no output file; a rerun completes with the lines of an uninterrupted run.
    """
    from credence.ingest import read_articles
    from credence.scoring.store_chunked import ChunkedRun

    folder, store, out = ROOT / "examples", tmp_path / "claims.db", tmp_path / "claims.jsonl"
    script = tmp_path / "killed.py"
    script.write_text(KILLED_JSONL, encoding="utf-8")

    def run(where: str, at: int) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(script), where, str(at), str(folder), str(store), str(out)],
            capture_output=True,
            text=True,
            env={**os.environ, "CREDENCE_WORKERS": "1"},
            timeout=120,
        )

    killed = run("article", 5)  # inside the third transaction of two articles
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _assert_whole_articles(store) == 4
    killed = run("line", 12)  # every article stored, the stage run, 12 lines made
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    total = len(list(folder.glob("*/*.txt")))
    assert _assert_whole_articles(store) == total
    with ClaimStore(store, readonly=True) as opened:
        assert opened.conn.execute("SELECT count(*) FROM scores").fetchone() == (0,)
    assert not out.exists()
    finished = run("none", 0)
    assert finished.returncode == 0, finished.stderr
    assert f"0 of {total} articles analysed" in finished.stderr
    with ClaimStore(tmp_path / "uninterrupted.db") as fresh:
        articles = read_articles([str(folder)]).articles
        whole = ChunkedRun.start(scorer, articles, fresh, chunk_claims=10, batch_articles=2)
        expected = "".join(whole.lines())
    assert out.read_text(encoding="utf-8") == expected and expected.count("\n") > 12
