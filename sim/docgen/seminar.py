"""Write the seminar's numbers into its documents, so they cannot drift from the model.

    make seminar-docs                          # = python -m sim.docgen.seminar
    python -m sim.docgen.seminar --check       # exit 1 if a document is out of date

docs/seminar.md and docs/worksheet.md hold generated blocks between marker lines

    <!-- BEGIN GENERATED name (make seminar-docs; do not edit by hand) -->
    ...
    <!-- END GENERATED name -->

This module fills them: the expected answers of each seminar question (the app's model, the
decision config the CLI uses, the doc's seed, DOC_REPLICATIONS replications per row) and the
worksheet's tables (the five historical requests and the members, read from seeds/), each block
a macro of templates/seminar_blocks.md.j2. Everything outside the markers is prose and stays as written.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sim.app.kit import history_actions, trust_sentences
from sim.app.seminar import (
    DECISION_LABELS,
    DEFAULT_DECISION,
    FRONT_LABELS,
    REASON_TEXT,
    SEMINAR_SEED,
    SeminarModel,
    decision_values,
    scenario_label,
)
from sim.docgen.command import doc_command
from sim.docgen.render import ENV
from sim.docgen.render import table as markdown_table
from sim.inputs.paths import PROJECT_ROOT
from sim.inputs.seeds import load_seeds
from sim.outputs.trust import out_of_sample

DOCS = PROJECT_ROOT / "docs"
SEMINAR_DOC = DOCS / "seminar.md"
WORKSHEET = DOCS / "worksheet.md"
DOC_REPLICATIONS = 2_000  # per table row: a fresh run of every block takes seconds, not minutes
BEGIN = "<!-- BEGIN GENERATED {name} (make seminar-docs; do not edit by hand) -->"
END = "<!-- END GENERATED {name} -->"
BLOCK = re.compile(r"<!-- BEGIN GENERATED (?P<name>[\w-]+) .*?-->\n(?P<body>.*?)<!-- END GENERATED (?P=name) -->",
                   re.DOTALL)
HISTORICAL = ("kyrgyzstan_1999", "kyrgyzstan_2010", "kyrgyzstan_tajikistan_2021", "armenia_2021", "kazakhstan_2022")
COMMITTED = (0.0, 0.5, 0.8, 0.9, 1.0)
TEMPLATE = "seminar_blocks.md.j2"


@functools.cache
def _model(crisis: str, rule: str | None, frozen: tuple[tuple[str, Any], ...]) -> SeminarModel:
    kw = dict(frozen)
    if rule is not None:
        kw["rule"] = rule
    return SeminarModel(crisis=crisis, decision=DEFAULT_DECISION, replications=DOC_REPLICATIONS,
                        seed=SEMINAR_SEED, **kw)


def summary(crisis: str, rule: str | None = None, **kw: Any) -> dict[str, Any]:
    """The app's summary for these settings (each distinct run once per process)."""
    if rule is None:
        rule = decision_values(DEFAULT_DECISION)["rule"]
    return _model(crisis, rule, tuple(sorted(kw.items()))).summary


def pct(p: float) -> str:
    return f"{p:.1%}"


def table(header: list[str], rows: list[list[str]]) -> str:
    return markdown_table(rows, columns=header)


def macros() -> Any:
    """The blocks' template: one macro per block."""
    return ENV.get_template(TEMPLATE).module


def names() -> dict[str, str]:
    return {code: m.name for code, m in load_seeds().members.items()}


# --- the blocks ------------------------------------------------------------------------------


def block_settings() -> str:
    v = decision_values(DEFAULT_DECISION)
    weights = ", ".join(f"{k} {w:.2f}" for k, w in v["weights"].items())
    th = v["thresholds"]
    return macros().settings(DEFAULT_DECISION, DECISION_LABELS.get(DEFAULT_DECISION, ""), weights, th, v["rule"],
                             SEMINAR_SEED, DOC_REPLICATIONS)


def outcome_row(label: str, s: dict[str, Any], history: bool = True) -> list[str]:
    """The collective outcome, the leading state's bilateral troops and what the requester got
    (collective or bilateral, the more of the two: what the history column codes)."""
    o, b, a = s["outcome"], s["bilateral"], s["answer"]
    return [label, pct(o["troops"]), pct(o["partial"]), pct(o["none"]),
            pct(b["troops"]) if b.get("by") else "–",
            f"{pct(a['troops'])} / {pct(a['partial'])} / {pct(a['none'])}",
            (s.get("observed_outcome") or "") if history else ""]


OUTCOME_HEADER = ["case", "collective troops", "partial", "none", "Russia's own troops",
                  "requester got troops / partial / none", "history"]


def member_table(s: dict[str, Any]) -> str:
    """The voters' choice shares, mean troops and main reason; for a historical episode also what
    the record says each did (seeds/evidence/member_actions.yaml)."""
    n = names()
    record = history_actions(s.get("episode"))
    rows = []
    for code, m in s["members"].items():
        if m["role"] != "voter":  # the requester and a member adversary do not vote
            continue
        rows.append([n.get(code, code),
                     *(pct(m[f"p_choice_{k}"]) for k in ("troops", "material", "political", "object")),
                     f"{m['mean_troops']:,.0f}", REASON_TEXT.get(m["leading_reason"], m["leading_reason"]),
                     *([record.get(code, "no record")] if record else [])])
    return table(["member", "sends troops", "material aid", "political support only", "objects", "mean troops",
                  "main reason", *(["in history (the record)"] if record else [])], rows)


def least_certain(s: dict[str, Any]) -> str:
    """The answer key's least certain helper, read from the model and checked against the record."""
    n = names()
    voters = {code: m for code, m in s["members"].items() if m["role"] == "voter"}
    code = min(voters, key=lambda c: (voters[c]["p_choice_troops"], c))
    m = voters[code]
    record = history_actions(s.get("episode")).get(code, "no record")
    return (f"In the model the least certain helper is {n.get(code, code)}: it sends troops in "
            f"{pct(m['p_choice_troops'])} of the replications (main reason: "
            f"{REASON_TEXT.get(m['leading_reason'], m['leading_reason'])}). In the record it sent: {record}.")


def trust_row(name: str) -> list[str]:
    """An episode's in-sample answer (what the requester got) beside its leave-one-out forecast."""
    s = summary(name)
    oos = out_of_sample(s.get("episode"))
    a = s["answer"]
    loo = (" / ".join(pct(oos["model"][k]) for k in ("troops", "partial", "none")) if oos else "no record")
    return [scenario_label(name), " / ".join(pct(a[k]) for k in ("troops", "partial", "none")), loo,
            (oos or {}).get("observed") or s.get("observed_outcome") or "–"]


def block_warmup() -> str:
    s = summary("kazakhstan_2022")
    return macros().warmup(table(OUTCOME_HEADER, [outcome_row(scenario_label("kazakhstan_2022"), s)]), member_table(s),
                           least_certain(s), " ".join(trust_sentences(s)))


def block_trust() -> str:
    """The five requests and every scenario of the plan: in sample beside out of sample."""
    rows = [trust_row(name) for name in HISTORICAL]
    rows.append(trust_row("tajikistan_taliban_incursion"))
    return macros().trust(table(["case", "in sample: got troops / partial / none", "out of sample (leave-one-out)",
                                 "history"], rows))


def block_q1() -> str:
    rows = []
    for c in COMMITTED:
        kaz = summary("kazakhstan_2022", leader_committed=c)
        tjk = summary("tajikistan_taliban_incursion", leader_committed=c)
        rus = kaz["members"]["RUS"]
        reason = " (rule: no forces)" if rus["leading_reason"] == "rule:no_forces" else ""
        rows.append([f"{c:.0%}", pct(kaz["outcome"]["troops"]), pct(kaz["outcome"]["none"]),
                     pct(kaz["answer"]["troops"]), pct(rus["p_choice_troops"]) + reason,
                     pct(tjk["outcome"]["troops"]), pct(tjk["outcome"]["none"])])
    out = table(["Share of Russia's free forces committed elsewhere (beyond the date's record)",
                 "Kazakhstan 2022 collective troops", "Kazakhstan 2022 none",
                 "Kazakhstan 2022 got troops (incl. Russia's own)", "Russia sends troops",
                 "Tajikistan (Taliban) collective troops", "Tajikistan (Taliban) none"], rows)
    n = names()
    free, busy = summary("kazakhstan_2022"), summary("kazakhstan_2022", leader_committed=1.0)
    burden = [[n.get(code, code), f"{m['mean_troops']:,.0f}", f"{busy['members'][code]['mean_troops']:,.0f}"]
              for code, m in free["members"].items() if m["role"] == "voter"]
    return macros().q1(out, table(["member", "Russia free", "Russia fully committed"], burden))


def block_q2() -> str:
    rows = []
    for cut, label in ((False, "as in the seeds"), (True, "none (set to 0)")):
        cells = [label]
        for rule in ("consensus", "majority", "leader"):
            s = summary("armenia_2021", rule=rule, cut_ties_with_adversary=cut)
            cells.append(f"{pct(s['outcome']['troops'])} / {pct(s['outcome']['none'])}")
        rows.append(cells)
    out = table(["other members' ties with Azerbaijan", "consensus: troops / none", "majority: troops / none",
                 "leader: troops / none"], rows)
    n = names()
    seeded, untied = summary("armenia_2021"), summary("armenia_2021", cut_ties_with_adversary=True)
    objections = [[n.get(code, code), pct(m["p_choice_object"]), pct(untied["members"][code]["p_choice_object"]),
                   REASON_TEXT.get(m["leading_reason"], m["leading_reason"])]
                  for code, m in seeded["members"].items() if m["role"] == "voter"]
    return macros().q2(out, table(["member", "ties as seeded", "no ties", "main reason (ties as seeded)"], objections))


def block_q3() -> str:
    w = decision_values(DEFAULT_DECISION)["weights"]
    rows = [
        outcome_row("Kazakhstan 2022", summary("kazakhstan_2022")),
        outcome_row("Kyrgyzstan 2010", summary("kyrgyzstan_2010")),
        outcome_row("Kyrgyzstan 2010 framed as external aggression",
                    summary("kyrgyzstan_2010", extra=("scenario.framing=external_aggression",)), history=False),
        outcome_row("Kazakhstan 2022 framed as internal security",
                    summary("kazakhstan_2022", extra=("scenario.framing=internal_security",)), history=False),
        outcome_row("Kazakhstan 2022 with the Article 4 (mandate) weight 0",
                    summary("kazakhstan_2022", mandate=0.0), history=False),
        outcome_row("Kyrgyzstan 2010 under the majority rule", summary("kyrgyzstan_2010", rule="majority"),
                    history=False),
    ]
    return macros().q3(table(OUTCOME_HEADER, rows), f"{w['mandate']:.2f}")


def block_glance() -> str:
    from sim.app.seminar import SCENARIOS

    rows = [outcome_row(scenario_label(name), summary(name)) for name in SCENARIOS]
    rows += [outcome_row("Kazakhstan 2022, Russia's forces 90% committed elsewhere",
                         summary("kazakhstan_2022", leader_committed=0.9), history=False),
             outcome_row("Armenia 2021, no ties with the adversary",
                         summary("armenia_2021", cut_ties_with_adversary=True), history=False),
             outcome_row("Armenia 2021, majority rule", summary("armenia_2021", rule="majority"), history=False)]
    return macros().one_table(table(OUTCOME_HEADER, rows))


def block_episodes() -> str:
    seeds = load_seeds()
    n = names()
    rows = []
    for i, eid in enumerate(HISTORICAL, 1):
        e = seeds.episodes[eid]
        adversary = n.get(e.adversary, e.adversary) if e.adversary else "no state adversary"
        rows.append([str(i), e.name, e.date.strftime("%B %Y"), n.get(e.requester, e.requester),
                     e.crisis_type.replace("_", " "), FRONT_LABELS[e.front], e.framing.replace("_", " "), adversary])
    return macros().one_table(table(["#", "request", "date", "requester", "kind of crisis", "front", "framed as",
                                     "adversary"], rows))


def block_members() -> str:
    seeds = load_seeds()
    a = seeds.alliance
    rows = []
    for m in sorted(seeds.members.values(), key=lambda m: (m.left is not None, m.name)):
        member = "member" if m.left is None else f"left {m.left.year}"
        rows.append([m.name, member, *(f"{m.threat.get(f, 0.0):.1f}" for f in FRONT_LABELS),
                     f"{m.readiness_share * a.readiness_troops:,.0f}" if m.left is None else "–",
                     f"{m.peacekeeping_share:.0%}" if m.left is None else "–"])
    return macros().members(table(["state", "status", *(f"threat priority: {f}" for f in FRONT_LABELS),
                                   "readiness troops", "share of a peacekeeping deployment"], rows), a.readiness_troops)


BLOCKS: dict[str, Callable[[], str]] = {
    "settings": block_settings, "warmup": block_warmup, "q1": block_q1, "q2": block_q2, "q3": block_q3,
    "glance": block_glance, "trust": block_trust, "episodes": block_episodes, "members": block_members,
}


# --- the documents -----------------------------------------------------------------------------


def render(text: str, made: Callable[[str], str]) -> str:
    """`text` with every generated block's body replaced by `made(name)`."""
    def fill(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in BLOCKS:
            raise KeyError(f"unknown generated block {name!r}: known {', '.join(BLOCKS)}")
        return f"{BEGIN.format(name=name)}\n{made(name)}{END.format(name=name)}"
    return BLOCK.sub(fill, text)


def fresh(paths: tuple[Path, ...] = (SEMINAR_DOC, WORKSHEET)) -> dict[Path, tuple[str, str]]:
    """Each document's (committed text, text with freshly generated blocks)."""
    cache: dict[str, str] = {}

    def made(name: str) -> str:
        if name not in cache:
            cache[name] = BLOCKS[name]()
        return cache[name]

    out = {}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        out[path] = (text, render(text, made))
    return out


def main(argv: list[str] | None = None) -> int:
    return doc_command(argv, "python -m sim.docgen.seminar", lambda: {path: new for path, (_, new) in fresh().items()},
                       "make seminar-docs", description=__doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
