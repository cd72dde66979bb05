"""The integrated threat picture (seeds 001 and 004; §3.3; R35, R36, R52). Pure rules, no Django.

One living document per case weighs all information together: competing hypotheses with their indicators, the
evidence scored against each hypothesis in an Analysis of Competing Hypotheses (ACH) matrix, explicit assumptions and
blind spots, soft and missing information, and threat, resistance, measures with their effect and the residual risk
side by side. Before it is final a second analyst reviews it (peer review) and another records a challenge
(contradiction, *tegenspraak*, seed 004 recommendation 4); it names when it will be reviewed and what makes it be
re-evaluated sooner.

ACH (Heuer) ranks hypotheses by how much evidence *refutes* them, not by how much fits: consistent evidence often
fits every hypothesis and then says nothing. The least-refuted hypothesis is the one with the smallest weighted
inconsistency; reliable evidence weighs more (the weights per source grade are ours, see RELIABILITY_WEIGHTS).
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion

R35 = "R35"
R36 = "R36"
R52 = "R52"
PARAGRAPH = "§3.3"
PARAGRAPH_RISK = "§3.1"

MIN_HYPOTHESES = 2
MAX_HYPOTHESES = 12
MAX_EVIDENCE = 60
HYPOTHESIS_KEY = re.compile(r"H[1-9][0-9]{0,2}")
EVIDENCE_KEY = re.compile(r"E[1-9][0-9]{0,2}")


class Score(StrEnum):
    CONSISTENT = "C"
    INCONSISTENT = "I"
    NOT_APPLICABLE = "NVT"


SCORE_LABELS: dict[Score, str] = {
    Score.CONSISTENT: "Consistent",
    Score.INCONSISTENT: "Inconsistent",
    Score.NOT_APPLICABLE: "Niet van toepassing",
}

# Source grades A (completely reliable) to E (unreliable); F: reliability cannot be judged. Our weights: how much one
# inconsistent piece of evidence of that grade counts against a hypothesis.
RELIABILITY_WEIGHTS: dict[str, float] = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": 0.5}


class ReviewKind(StrEnum):
    PEER_REVIEW = "peer_review"
    CHALLENGE = "tegenspraak"


REVIEW_LABELS: dict[ReviewKind, str] = {
    ReviewKind.PEER_REVIEW: "Peer review",
    ReviewKind.CHALLENGE: "Tegenspraak",
}


class Verdict(StrEnum):
    AGREE = "akkoord"
    OBJECTIONS = "bezwaren"


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.AGREE: "Akkoord: de analyse kan definitief worden",
    Verdict.OBJECTIONS: "Bezwaren: eerst aanpassen",
}


class PictureRuleError(ValueError):
    """A threat picture the method does not allow; the message is Dutch and names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Hypothesis:
    key: str  # "H1", "H2", ...: stable, so scores and reviews keep pointing at the same hypothesis
    statement: str
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    key: str  # "E1", ...
    description: str
    reliability: str  # A–F
    scores: Mapping[str, Score] = field(default_factory=dict)  # hypothesis key -> score
    product_id: int | None = None


@dataclass(frozen=True)
class HypothesisStanding:
    key: str
    inconsistency: float  # weighted: the sum of the weights of the evidence that refutes it
    inconsistent: int
    consistent: int
    unscored: int


@dataclass(frozen=True)
class AchResult:
    standings: tuple[HypothesisStanding, ...]  # in the order of the hypotheses
    least_refuted: tuple[str, ...]  # the hypothesis keys with the smallest weighted inconsistency (ties: several)
    non_diagnostic: tuple[str, ...]  # evidence keys scored the same against every hypothesis
    unscored_cells: int

    def standing(self, key: str) -> HypothesisStanding | None:
        return next((standing for standing in self.standings if standing.key == key), None)


def analyse(hypotheses: Sequence[Hypothesis], evidence: Sequence[Evidence]) -> AchResult:
    """Score the ACH matrix: weighted inconsistency per hypothesis, the least refuted, and which evidence does not
    help to tell the hypotheses apart."""
    standings = []
    for hypothesis in hypotheses:
        weight = 0.0
        inconsistent = consistent = unscored = 0
        for item in evidence:
            score = item.scores.get(hypothesis.key)
            if score is None:
                unscored += 1
            elif score is Score.INCONSISTENT:
                inconsistent += 1
                weight += RELIABILITY_WEIGHTS.get(item.reliability, RELIABILITY_WEIGHTS["F"])
            elif score is Score.CONSISTENT:
                consistent += 1
        standings.append(HypothesisStanding(hypothesis.key, round(weight, 2), inconsistent, consistent, unscored))
    least: tuple[str, ...] = ()
    if standings and any(standing.unscored < len(evidence) for standing in standings):
        lowest = min(standing.inconsistency for standing in standings)
        least = tuple(standing.key for standing in standings if standing.inconsistency == lowest)
    non_diagnostic = tuple(
        item.key
        for item in evidence
        if len(hypotheses) >= MIN_HYPOTHESES
        and len({item.scores.get(hypothesis.key) for hypothesis in hypotheses}) == 1
        and item.scores.get(hypotheses[0].key) is not None
    )
    return AchResult(tuple(standings), least, non_diagnostic, sum(standing.unscored for standing in standings))


# --- checking a document as it is saved ------------------------------------------------------------------------


def _clean_lines(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(value).strip() for value in values if str(value).strip())


def _above(keys: Iterable[str]) -> int:
    """The first number above every numbered key, so a new item never takes the key of one removed earlier."""
    numbers = [int(key[1:]) for key in keys if key[1:].isdigit()]
    return max(numbers, default=0) + 1


def check_hypotheses(raw: object, reserved: Iterable[str] = ()) -> list[Hypothesis]:
    """Hypotheses as sent by a form or the API: [{key?, statement, indicators: [..]}]; new ones get a key above every
    key in use or `reserved` (the picture's current keys)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PictureRuleError("hypotheses", "Hypothesen moeten een lijst zijn van stelling en indicatoren.")
    if len(raw) > MAX_HYPOTHESES:
        raise PictureRuleError("hypotheses", f"Ten hoogste {MAX_HYPOTHESES} hypothesen per dreigingsbeeld.")
    used = {str(item.get("key") or "").strip() for item in raw if isinstance(item, dict)} | set(reserved)
    next_number = _above(used)
    result: list[Hypothesis] = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise PictureRuleError("hypotheses", f"Hypothese {number}: geef een stelling en indicatoren.")
        statement = str(item.get("statement") or "").strip()
        if not statement:
            raise PictureRuleError("hypotheses", f"Hypothese {number}: de stelling ontbreekt.")
        key = str(item.get("key") or "").strip()
        if not key:
            while f"H{next_number}" in used:
                next_number += 1
            key = f"H{next_number}"
            used.add(key)
        if not HYPOTHESIS_KEY.fullmatch(key):
            raise PictureRuleError("hypotheses", f"Hypothese {number}: sleutel '{key}' moet de vorm H1, H2, … hebben.")
        if any(existing.key == key for existing in result):
            raise PictureRuleError("hypotheses", f"Hypothese {number}: sleutel {key} komt twee keer voor.")
        indicators = item.get("indicators") or []
        if isinstance(indicators, str):
            indicators = indicators.splitlines()
        if not isinstance(indicators, list):
            raise PictureRuleError("hypotheses", f"Hypothese {number}: indicatoren moeten een lijst zijn.")
        result.append(Hypothesis(key, statement, _clean_lines(indicators)))
    return result


def check_evidence(raw: object, hypotheses: Sequence[Hypothesis], reserved: Iterable[str] = ()) -> list[Evidence]:
    """Evidence rows: [{key?, description, reliability A–F, product?, scores: {H1: C|I|NVT}}]."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PictureRuleError("evidence", "Bewijsstukken moeten een lijst zijn.")
    if len(raw) > MAX_EVIDENCE:
        raise PictureRuleError("evidence", f"Ten hoogste {MAX_EVIDENCE} bewijsstukken per dreigingsbeeld.")
    keys = {hypothesis.key for hypothesis in hypotheses}
    used = {str(item.get("key") or "").strip() for item in raw if isinstance(item, dict)} | set(reserved)
    next_number = _above(used)
    result: list[Evidence] = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise PictureRuleError("evidence", f"Bewijsstuk {number}: geef een beschrijving en betrouwbaarheid.")
        description = str(item.get("description") or "").strip()
        if not description:
            raise PictureRuleError("evidence", f"Bewijsstuk {number}: de beschrijving ontbreekt.")
        reliability = str(item.get("reliability") or "").strip().upper()
        if reliability not in RELIABILITY_WEIGHTS:
            raise PictureRuleError(
                "evidence", f"Bewijsstuk {number}: betrouwbaarheid '{reliability}' is onbekend; kies A tot en met F."
            )
        scores = _check_scores(item.get("scores") or {}, keys, number)
        key = str(item.get("key") or "").strip()
        if not key:
            while f"E{next_number}" in used:
                next_number += 1
            key = f"E{next_number}"
            used.add(key)
        if not EVIDENCE_KEY.fullmatch(key):
            raise PictureRuleError("evidence", f"Bewijsstuk {number}: sleutel '{key}' moet de vorm E1, E2, … hebben.")
        if any(existing.key == key for existing in result):
            raise PictureRuleError("evidence", f"Bewijsstuk {number}: sleutel {key} komt twee keer voor.")
        product = item.get("product_id")
        if product is not None and (isinstance(product, bool) or not isinstance(product, int)):
            raise PictureRuleError("evidence", f"Bewijsstuk {number}: het product moet een nummer zijn.")
        result.append(Evidence(key, description, reliability, scores, product))
    return result


def _check_scores(raw: object, keys: set[str], number: int) -> dict[str, Score]:
    if not isinstance(raw, dict):
        raise PictureRuleError("evidence", f"Bewijsstuk {number}: scores moeten per hypothese worden gegeven.")
    scores: dict[str, Score] = {}
    for key, value in raw.items():
        if key not in keys:
            raise PictureRuleError("evidence", f"Bewijsstuk {number}: hypothese {key} bestaat niet.")
        if value in (None, ""):
            continue
        try:
            scores[key] = Score(str(value).strip().upper())
        except ValueError:
            raise PictureRuleError(
                "evidence",
                f"Bewijsstuk {number}: score '{value}' bij {key} is onbekend; kies C (consistent), I (inconsistent) "
                "of NVT (niet van toepassing).",
            ) from None
    return scores


# --- when may it be final --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PictureState:
    """What the finalising rule needs to know of a picture, in plain values."""

    hypotheses: Sequence[Hypothesis]
    evidence: Sequence[Evidence]
    assumptions: Sequence[str]
    blind_spots: Sequence[str]
    soft_information: Sequence[str]
    missing_information: Sequence[str]
    threat: str
    resistance: str
    measures_effect: str
    residual_risk: str
    review_on: date | None
    triggers: Sequence[str]
    authors: frozenset[int]  # everybody who saved the picture since its last final version


@dataclass(frozen=True)
class ReviewState:
    kind: ReviewKind
    reviewer: int
    verdict: Verdict | None
    of_version: int


SECTIONS: tuple[tuple[str, str], ...] = (
    ("assumptions", "aannames"),
    ("blind_spots", "blinde vlekken"),
    ("soft_information", "zachte informatie"),
    ("missing_information", "ontbrekende informatie"),
)
RISK_SECTIONS: tuple[tuple[str, str], ...] = (
    ("threat", "dreiging"),
    ("resistance", "weerstand"),
    ("measures_effect", "maatregelen en hun effect"),
    ("residual_risk", "restrisico"),
)


def missing_for_final(
    state: PictureState, reviews: Sequence[ReviewState], version: int, on: date
) -> list[PictureRuleError]:
    """Everything that still stands between this version of the picture and final, each with the field it is about."""
    missing: list[PictureRuleError] = []
    if len(state.hypotheses) < MIN_HYPOTHESES:
        missing.append(
            PictureRuleError(
                "hypotheses",
                f"Ten minste {MIN_HYPOTHESES} concurrerende hypothesen, zodat ook minder voorstelbare scenario's "
                f"worden getoetst ({R52}).",
            )
        )
    if not state.evidence:
        missing.append(PictureRuleError("evidence", f"Ten minste één bewijsstuk in de ACH-matrix ({R52})."))
    result = analyse(state.hypotheses, state.evidence)
    if state.evidence and state.hypotheses and result.unscored_cells:
        missing.append(
            PictureRuleError(
                "evidence",
                f"Scoor elk bewijsstuk tegen elke hypothese; {result.unscored_cells} cel(len) zijn nog leeg ({R52}).",
            )
        )
    for name, label in SECTIONS:
        if not _clean_lines(getattr(state, name)):
            missing.append(
                PictureRuleError(name, f"Benoem de {label} expliciet (schrijf 'geen' als er geen zijn) ({R52}).")
            )
    for name, label in RISK_SECTIONS:
        if not str(getattr(state, name)).strip():
            missing.append(PictureRuleError(name, f"Beschrijf {label} ({PARAGRAPH}, {R36}, {R52})."))
    if state.review_on is None or state.review_on <= on:
        missing.append(PictureRuleError("review_on", f"Geef een toetsdatum in de toekomst ({R52})."))
    if not _clean_lines(state.triggers):
        missing.append(
            PictureRuleError(
                "triggers", f"Noem ten minste één reden om eerder te herbeoordelen ('herbeoordelen als …', {R52})."
            )
        )
    missing.extend(_missing_reviews(state, reviews, version))
    return missing


def _missing_reviews(state: PictureState, reviews: Sequence[ReviewState], version: int) -> list[PictureRuleError]:
    current = [review for review in reviews if review.of_version == version and review.reviewer not in state.authors]
    # A reviewer's latest verdict on this version counts: an objection stands until that reviewer agrees.
    verdicts: dict[int, Verdict | None] = {}
    for review in current:
        if review.kind is ReviewKind.PEER_REVIEW:
            verdicts[review.reviewer] = review.verdict
    peer = {reviewer for reviewer, verdict in verdicts.items() if verdict is Verdict.AGREE}
    objecting = sorted(reviewer for reviewer, verdict in verdicts.items() if verdict is Verdict.OBJECTIONS)
    challengers = {review.reviewer for review in current if review.kind is ReviewKind.CHALLENGE}
    missing: list[PictureRuleError] = []
    if objecting:
        missing.append(
            PictureRuleError(
                "reviews",
                f"Een peer review op deze versie ({version}) heeft bezwaren; pas het beeld aan of laat die reviewer "
                f"alsnog akkoord geven ({R52}).",
            )
        )
    if not peer:
        missing.append(
            PictureRuleError(
                "reviews",
                f"Een peer review met akkoord op deze versie ({version}), door een andere analist dan wie het beeld "
                f"sinds de vorige definitieve versie bewerkte ({R52}).",
            )
        )
    # The challenger is a second analyst: not an author, and not the only peer reviewer.
    if not any(challenger not in peer or len(peer) > 1 for challenger in challengers):
        missing.append(
            PictureRuleError(
                "reviews",
                f"Tegenspraak op deze versie ({version}), vastgelegd door een tweede analist, niet een opsteller en "
                f"niet de peer reviewer (seed 004, {R52}).",
            )
        )
    return missing


def check_final(
    state: PictureState, reviews: Sequence[ReviewState], version: int, on: date, policy: PolicyVersion
) -> Outcome[AchResult]:
    """The picture may be made final: every element of the method is there (R52); raises the first gap otherwise."""
    missing = missing_for_final(state, reviews, version, on)
    if missing:
        raise missing[0]
    result = analyse(state.hypotheses, state.evidence)
    least = ", ".join(result.least_refuted)
    reasons = (
        Reason(R52, PARAGRAPH, "Alle informatie integraal gewogen in concurrerende hypothesen (ACH)."),
        Reason(R52, PARAGRAPH, f"Minst weerlegde hypothese: {least}."),
        Reason(R52, PARAGRAPH, "Peer review en tegenspraak vastgelegd op deze versie."),
        Reason(R36, PARAGRAPH_RISK, "Dreiging, weerstand, maatregelen en restrisico naast elkaar gewogen."),
        Reason(R35, PARAGRAPH, "Grondslag voor het dreigingsniveau dat het gezag vaststelt."),
    )
    return Outcome(result, reasons, policy)


def check_review(
    kind: str, verdict: str, text: str, reviewer: int, authors: frozenset[int]
) -> tuple[ReviewKind, Verdict | None]:
    """A review or challenge: the kind, a verdict for a peer review only, the text; never by one of the authors of
    the version (who saved it since the last final version)."""
    try:
        chosen = ReviewKind(kind)
    except ValueError:
        raise PictureRuleError("kind", "Kies peer review of tegenspraak.") from None
    if reviewer in authors:
        raise PictureRuleError(
            "kind",
            f"U bewerkte deze versie zelf; {REVIEW_LABELS[chosen].lower()} doet een andere analist ({R52}).",
        )
    if not text.strip():
        what = "de bevindingen van de review" if chosen is ReviewKind.PEER_REVIEW else "de tegenspraak"
        raise PictureRuleError("text", f"Beschrijf {what}: welke andere lezing of welk scenario is getoetst?")
    if chosen is ReviewKind.CHALLENGE:
        if verdict.strip():
            raise PictureRuleError("verdict", "Tegenspraak heeft geen oordeel; alleen een peer review geeft akkoord.")
        return chosen, None
    try:
        return chosen, Verdict(verdict)
    except ValueError:
        raise PictureRuleError("verdict", "Kies het oordeel van de peer review: akkoord of bezwaren.") from None
