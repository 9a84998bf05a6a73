"""The role classifier: fitted on the labelled notices it ships with, and right on the layouts it is
for — a self-description part is never findings, a problem listed inline is a finding, the specific
problem of four-level numbering is the finding, a ledger row is a finding with its cells."""
from __future__ import annotations

from zhenggai.nlp import role_model
from zhenggai.nlp.pipeline import extract


def test_the_saved_model_was_fitted_on_the_labelled_set_as_it_is():
    saved = role_model.RoleModel.load()
    assert saved.data_hash == role_model.data_hash(role_model.labelled_files()), \
        "the labelled notices changed: run `python benchmarks/roles.py --save`"
    assert set(saved.classes) >= {"area", "finding", "measure", "overview", "next"}


def test_saved_weights_reproduce_a_fresh_fit():
    files = role_model.labelled_files()[:12]
    data = role_model.examples(files)
    fresh = role_model.RoleModel().fit(data)
    again = role_model.RoleModel().fit(data)
    feats = [e.features for e in data]
    assert (fresh.probabilities(feats).argmax(axis=1) == again.probabilities(feats).argmax(axis=1)).all()


SELF_DESCRIPTION = """某县卫健局党组关于县委巡察整改进展情况的通报
一、提高政治站位，压实整改主体责任
（一）高度重视，加强组织领导。局党组召开专题会议3次，成立整改工作领导小组，党组书记任组长。
（二）细化方案，建立整改台账。逐条制定整改措施，明确责任人和完成时限，实行对账销号。
二、巡察反馈问题整改情况
（一）在“党的建设”方面
1.关于“基层党组织建设薄弱”问题的整改
（1）调整充实3个党支部班子。
（2）开展党支部书记培训2期。
2.关于“党员教育管理不严”问题的整改
（1）修订党员教育管理办法。
三、下一步工作打算
持续巩固整改成果，防止问题反弹。
"""


def test_a_self_description_part_with_its_own_areas_gives_no_findings():
    result = extract(SELF_DESCRIPTION)
    assert [f.title for f in result.findings] == ["关于“基层党组织建设薄弱”问题的整改", "关于“党员教育管理不严”问题的整改"]
    assert [len(f.measures) for f in result.findings] == [2, 1]
    assert len(result.overview) == 2


INLINE = """某区城管局党组关于区委巡察反馈意见整改情况的通报
区委第三巡察组对区城管局党组开展了巡察。现将整改情况通报如下。
（一）城市管理服务方面。巡察指出：一是占道经营整治反弹明显；二是共享单车停放秩序混乱；三是渣土车运输监管不严。
针对占道经营反弹问题，划定临时疏导点6处，开展夜间巡查42次。
针对单车停放问题，施划停放区1200个，约谈运营企业3家。
针对渣土车监管问题，安装卫星定位设备180台，查处违规车辆27辆。
（二）党风廉政方面。巡察指出：一是执法队员违规收受礼品；二是公务用车管理松散。
针对收受礼品问题，对2名队员给予党纪处分，开展警示教育2场。
针对公车管理问题，修订公务用车管理规定，实行派车单制度。
"""


def test_each_problem_of_an_inline_list_is_a_finding_with_its_own_measures():
    result = extract(INLINE)
    assert [f.section for f in result.findings] == [1, 1, 1, 2, 2]
    assert result.findings[1].text.startswith("共享单车停放秩序混乱")
    assert [len(f.measures) for f in result.findings] == [1, 1, 1, 1, 1]
    assert result.findings[2].measures[0].text.startswith("针对渣土车监管问题")


FOUR_LEVEL = """某市统计局党组关于市委巡察整改情况的通报
（一）在“统计数据质量”方面
1.关于“数据审核把关不严”问题的整改
（1）关于“源头数据核查不到位”
一是建立源头数据抽查制度；二是对12家企业开展数据核查。
（2）关于“审核流程不规范”
一是修订数据审核规程。
2.关于“统计执法偏软”问题的整改
一是开展统计执法检查8次；二是立案查处统计违法案件3起。
"""


def test_four_level_numbering_makes_the_specific_problem_the_finding():
    result = extract(FOUR_LEVEL)
    assert [f.title for f in result.findings] == ["关于“源头数据核查不到位”", "关于“审核流程不规范”",
                                                  "关于“统计执法偏软”问题的整改"]
    assert [len(f.measures) for f in result.findings] == [2, 1, 2]
    assert [f.section for f in result.findings] == [1, 1, 1]


def test_closing_lines_under_the_next_steps_part_stay_closing():
    """特此通报 and a contact line under 三、下一步工作打算 end the notice; they are no next step."""
    from zhenggai.nlp.roles import assign_roles
    from zhenggai.nlp.structure import prepared
    from zhenggai.nlp.tree import build

    text = prepared("中共青禾县某局党组关于县委巡察整改进展情况的通报\n县委巡察组对某局开展了巡察。现将整改情况通报如下。\n"
                    "一、巡察反馈问题整改情况\n（一）财务管理不规范。整改措施：修订财务制度，清退违规补贴2万元。\n"
                    "（二）项目管理不严格。整改措施：开展项目专项检查，整改问题6个。\n二、下一步工作打算\n"
                    "持续巩固整改成果，建立长效机制。\n欢迎广大干部群众对整改情况进行监督，联系电话：0795-1234567。\n特此通报。\n")
    root = build(text)
    roles = assign_roles(text, root)
    nexts = [n for n in root.children if roles[id(n)] == "next"]
    assert nexts and [roles[id(c)] for c in nexts[-1].children if "监督" in text[c.start:c.end] or "特此" in text[c.start:c.end]] == ["closing", "closing"]
