"""leads.py: which paragraphs open with a bold run-in lead sentence."""

from __future__ import annotations

from reportpress.importer.blocks import Block
from reportpress.importer.leads import find_lead, mark_leads

LONG = "围绕上海加快“五个中心”“四大品牌”建设，立足区位优势和产业基础。" * 4


def test_find_lead() -> None:
    assert find_lead("产业结构调整优化。围绕上海加快建设。") == "产业结构调整优化。"
    lead = "对接自贸试验区增设新片区，推动制度创新集成。"
    assert find_lead(lead + "全面深化改革。") == lead
    assert find_lead("各位代表，使命重在担当，奋斗实现梦想。让我们团结奋斗。") == ""
    assert find_lead("在看到成绩的同时，我们也清醒地认识到，虹口发展还面临许多困难挑战。外部环境复杂。") == ""
    assert find_lead("今年要重点做好以下六方面工作：一是。") == ""
    assert find_lead("产业结构调整优化。") == ""  # nothing to lead into


def test_first_paragraph_after_a_heading_is_an_opening() -> None:
    blocks = [
        Block("heading", "三、推进政府治理体系和治理能力现代化", 1, level=1),
        Block("paragraph", "把蓝图变为现实，是一场新的长征。我们要按照市委要求。", 2),
        Block("heading", "（一）提升政务服务“一网通办”能级", 3, level=2),
        Block("paragraph", "坚持以用户为中心，持续推进数据共享、业务协同和系统集成，实现目标。然后。", 4),
        Block("paragraph", "作风建设持续向好。扎实开展主题教育。", 5),
    ]
    mark_leads(blocks)
    assert [block.lead for block in blocks] == ["", "", "", "", "作风建设持续向好。"]


def test_a_section_may_start_with_its_first_sub_point() -> None:
    blocks = [
        Block("heading", "（一）狠抓投资融资和项目建设，保持经济稳定增长", 1, level=2),
        Block("paragraph", "抓好投资、融资工作。" + LONG, 2),
        Block("paragraph", "抓好重点项目建设。" + LONG, 3),
        Block("heading", "（十）加强自身建设，全面提升依法行政能力", 4, level=2),
        Block("paragraph", "新常态下对政府工作提出了新的更高要求。我们要全面加强政府的自身建设。", 5),
        Block("paragraph", "践行群众路线，打造服务政府。" + LONG, 6),
    ]
    mark_leads(blocks)
    assert [block.lead for block in blocks] == [
        "", "抓好投资、融资工作。", "抓好重点项目建设。", "", "", "践行群众路线，打造服务政府。",
    ]
    assert blocks[1].text == LONG
