"""Questions about laws imported beside the speech, written blind from the laws' text (issue 12's acceptance).

    .venv/bin/python benchmarks/laws.py                      # build the library, score every set
    .venv/bin/python benchmarks/laws.py --work /tmp/laws     # keep (and reuse) the library folder

The library: the shipped knowledge (the speech, primary), the State Council notice and the first 30 safety
laws of ``../shared/corpus`` (as in tests/test_documents.py), and the fifty-one laws the seventeen sets ask about,
each imported with the importer's own function (`bot.qa.importer.import_document`, what ``python -m bot
import`` runs) and no hand edit. Each set (tests/data/laws_blind_{1..21}.jsonl) was written by a helper that
had read only its three laws; its first pass is in benchmarks/README.md. Printed per set: the report of
``python -m bot eval`` (per category; in-scope questions told "not covered"), then the speech's development
questions in the same library (they must stay 48/48).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.qa.evaluate import evaluate, format_report, load_questions  # noqa: E402
from bot.qa.importer import import_document  # noqa: E402
from bot.qa.knowledge import load_knowledge  # noqa: E402
from bot.qa.matcher import Matcher  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SETS = sorted((ROOT / "tests" / "data").glob("laws_blind_*.jsonl"))
SAFETY = ("安全", "消防", "应急", "矿山", "危险", "事故")
ASKED = (  # the laws the sets ask about (sets 1 to 21)
    "安全生产法(2021-06-10).md", "大型群众性活动安全管理条例(2007-09-14).md", "宁波市学校安全条例(2020-06-05).md",
    "危险化学品安全管理条例(2013-12-07).md", "宁波市电梯安全条例(2020-10-10).md",
    "国务院关于特大安全事故行政责任追究的规定(2001-04-21).md",
    "建设工程安全生产管理条例(2003-11-24).md", "校车安全管理条例(2012-04-05).md", "杭州市安全生产监督管理条例(2010-10-11).md",
    "民用爆炸物品安全管理条例(2014-07-29).md", "机动车交通事故责任强制保险条例(2019-03-02).md",
    "杭州市电梯安全管理条例(2019-12-18).md",
    "城镇燃气管理条例(2016-02-06).md", "山东省特种设备安全条例(2015-12-03).md", "森林防火条例(2008-12-01).md",
    "安全生产许可证条例(2014-07-29).md", "水库大坝安全管理条例(2018-03-19).md", "宁波市城市房屋使用安全管理条例(2015-08-25).md",
    "建筑法(2019-04-23).md", "南阳市居民住宅区消防安全管理条例(2021-11-09).md", "公路安全保护条例(2011-03-07).md",
    "上海市消防条例(2020-03-19).md", "农业机械安全监督管理条例(2019-03-02).md", "北京市轨道交通运营安全条例.md",
    "内河交通安全管理条例(2019-03-02).md", "山东省燃气管理条例(2016-03-30).md", "上海市非机动车安全管理条例(2024-05-10).md",
    "国务院关于预防煤矿生产安全事故的特别规定(2013-07-18).md", "宁波市生产经营单位安全生产主体责任规定(2021-04-02).md",
    "北京市烟花爆竹安全管理规定(2017-12-01).md", "深圳经济特区安全生产监督管理条例(2022-06-30).md",
    "浙江省特种设备安全管理条例.md", "滨州市电梯安全管理条例(2020-11-30).md",
    "北京市实施《矿山安全法》办法(2021-09-24).md", "威海市海上交通安全条例(2019-06-05).md",
    "新乡市居民住宅区消防安全管理条例(2020-07-12).md", "杭州市燃气管理条例(2021-12-03).md", "山东省消防条例(2015-07-24).md",
    "威海市危险废物管理办法(2020-01-16).md", "河南省消防条例(2014-04-15).md", "洛阳市燃气管理条例(2015-12-15).md",
    "山东省高速公路交通安全条例(2014-05-30).md",
    "消防法(2021-04-29).md", "杭州市建设工程施工安全管理条例(2010-10-11).md",
    "最高人民法院、最高人民检察院关于办理危害生产安全刑事案件适用法律若干问题的解释(2015-12-14).md",
    "山东省安全生产条例(2021-12-03).md", "济南市既有多层住宅增设电梯规定(2019-02-12).md", "浙江省房屋使用安全管理条例(2020-09-24).md",
    "浙江省安全生产条例(2016-07-29).md", "上海市烟花爆竹安全管理条例.md", "淄博市电梯安全条例(2021-12-10).md",
    "上海市建设工程质量和安全管理条例.md", "山东省铁路安全管理条例(2021-03-24).md", "广东省森林防火条例(2021-09-29).md",
    "宁波市经营燃放烟花爆竹安全管理规定(2021-04-08).md", "北京市燃气管理条例(2020-09-25).md",
    "最高人民法院、最高人民检察院关于办理危害生产安全刑事案件适用法律若干问题的解释（二）(2022-12-15).md",
    "台州市电梯安全管理规定(2017-12-15).md", "山东省学校安全条例(2018-12-25).md", "河南省安全生产条例(2010-07-30).md",
    "特种设备安全法(2013-06-29).md", "矿山安全法(2009-08-27).md", "北京市消防条例.md",
)


def build(root: Path) -> None:
    shutil.copytree(ROOT / "knowledge", root)
    laws = sorted((CORPUS / "laws").glob("*.md"))
    import_document(CORPUS / "notices" / "zhiben-2024.md", root)
    for i, path in enumerate([p for p in laws if any(w in p.name for w in SAFETY)][:30]):
        import_document(path, root, f"law-{i:02d}")
    for name in ASKED:
        import_document(CORPUS / "laws" / name, root)


def _meta(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", help="the library folder (built when absent, reused when present)")
    args = ap.parse_args(argv)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="laws-")) / "knowledge"
    if not work.exists():
        build(work)
    else:  # a library built before a set was added: import the laws it asks about that are missing
        have = {str((m.get("source") or {}).get("file", "")) for m in map(_meta, work.glob("*/meta.yaml"))}
        for name in ASKED:
            if name not in have:
                import_document(CORPUS / "laws" / name, work)
    matcher = Matcher(load_knowledge(work))
    for path in [*SETS, ROOT.parent / "shared" / "eval" / "questions.jsonl"]:
        print(f"== {path.name}")
        print(format_report(evaluate(load_questions(path), matcher.ask)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
