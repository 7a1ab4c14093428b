"""The committee report that wraps a scorecard annex: prose and an unrelated budget table."""

from __future__ import annotations

import random

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from fixturegen.word import heading, set_text, shade

SENTENCES = (
    (
        "The directorate continues to see sustained demand across the front door and in statutory "
        "services, and this report sets out how that demand is being managed."
    ),
    (
        "Members are asked to note the performance set out in Annex A and the actions being taken "
        "where indicators sit below target."
    ),
    (
        "The Family Safeguarding Model is now in place in all four quadrants, with adult workers "
        "co-located alongside social workers."
    ),
    (
        "Recruitment and retention of experienced social workers remains the single largest risk "
        "to the stability of practice."
    ),
    (
        "Agency staffing has reduced over the period, but vacancy rates in some assessment teams "
        "remain above the level the service regards as safe."
    ),
    (
        "The Independent Reviewing Service has completed its audit of Child Protection plans and "
        "its findings have been shared with Service Managers."
    ),
    (
        "Sufficiency of local placements continues to drive cost, and the fostering recruitment "
        "campaign has been extended for a further year."
    ),
    (
        "Partners in health and the police have contributed to the multi-agency review of the "
        "Children's Single Point of Access."
    ),
    (
        "The Corporate Parenting Board will receive a fuller report on care leaver accommodation "
        "and education, employment and training outcomes."
    ),
    (
        "Quality assurance activity over the quarter included thematic audits of supervision, "
        "assessment timeliness and management oversight."
    ),
    (
        "The service has begun to report Initial Health Assessment timeliness jointly with "
        "Community Paediatrics so that delays can be traced to their cause."
    ),
    (
        "Work with the virtual school has focused on young people who are not in education, "
        "employment or training, through monthly NEET clinics."
    ),
    (
        "The transformation programme for Adolescent Services is expected to report its first "
        "evaluation findings to the Cabinet Member later in the year."
    ),
    (
        "Members will wish to be assured that the reduction in contacts reflects earlier help "
        "rather than needs that go unmet."
    ),
    (
        "There are no direct equality implications arising from this report; individual service "
        "changes are subject to their own impact assessments."
    ),
    (
        "The financial position of the directorate is summarised below and is reported in full to "
        "the Resources and Performance Select Committee."
    ),
)

SECTIONS = (
    "1. Purpose of the report",
    "2. Recommendations",
    "3. Background",
    "4. Performance overview",
    "5. Workforce",
    "6. Financial position",
    "7. Risk management",
    "8. Equalities and diversity",
    "9. Next steps",
)

BUDGET = (
    ("Service area", "Budget £000", "Forecast £000", "Variance £000", "Variance %"),
    ("Front door and assessment", "12,480", "12,915", "435", "3.5%"),
    ("Child protection and CIN", "18,260", "18,104", "-156", "-0.9%"),
    ("Looked after children placements", "96,730", "101,842", "5,112", "5.3%"),
    ("Care leavers", "9,145", "9,602", "457", "5.0%"),
    ("Children with disabilities", "21,370", "21,018", "-352", "-1.6%"),
    ("Quality assurance and IRO service", "3,905", "3,881", "-24", "-0.6%"),
    ("Total", "161,890", "167,362", "5,472", "3.4%"),
)


def write_report(doc, rng: random.Random, title: str, meeting: str) -> None:
    """Add two portrait pages of committee prose with a budget table to `doc`."""
    heading(doc, "County Council", size=11)
    heading(doc, "Children, Families and Lifelong Learning Select Committee", size=13)
    heading(doc, meeting, size=10, bold=False)
    heading(doc, title, size=16, after=10)
    for number, section in enumerate(SECTIONS):
        heading(doc, section, size=11, after=3)
        for _ in range(1 if number in (0, 1, 7, 8) else 2):
            para = doc.add_paragraph(" ".join(rng.sample(SENTENCES, 4)))
            para.paragraph_format.space_after = Pt(6)
        if section.startswith("6."):
            _budget_table(doc)


def _budget_table(doc) -> None:
    table = doc.add_table(rows=len(BUDGET), cols=len(BUDGET[0]))
    table.style = doc.styles["Table Grid"]
    widths = (6.5, 2.6, 2.6, 2.6, 2.4)
    for r, values in enumerate(BUDGET):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Cm(widths[c])
            set_text(cell, value, bold=r == 0 or values[0] == "Total",
                     align=None if c == 0 else WD_ALIGN_PARAGRAPH.RIGHT)
            if r == 0:
                shade(cell, "D9D9D9")
    doc.add_paragraph().paragraph_format.space_after = Pt(6)
