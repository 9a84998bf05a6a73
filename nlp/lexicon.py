"""The words and marks the extraction reads by, kept apart from the code that reads them.

As spaCy keeps `stop_words.py` and `lex_attrs.py` beside its language code, every word list and
recurring pattern of the notices lives here once: heading starts, sentence ends, years, organisation
names, the cues of measures, plans, figures' qualifiers and roles, and status wording.
"""
from __future__ import annotations

import re

# --- marks ----------------------------------------------------------------------------------------
FULL_STOPS = "。！？"                # a sentence ends here (and at a line end); see nlp/sentences.py
SEMICOLONS = "；;"                   # … a clause of a sentence here
CLAUSE_MARKS = "，：、,:"             # … a phrase of a clause here
CN_ORDINAL = "[一二三四五六七八九十]{1,3}"
# A line that opens with a heading marker of any form (一、 （一） 1. （1） 一是 ①).
HEADING_START = re.compile(rf"\s*(?:{CN_ORDINAL}[、是]|（[一二三四五六七八九十\d]{{1,3}}）|\d{{1,3}}[.．、](?!\d)|[\u2460-\u2473])")

# --- what a rectification notice talks about -------------------------------------------------------
# A notice names its subject (整改) again and again, and its problems and measures; a novel chapter or
# a work report with the same 一、（一）1. headings does not.
RECTIFICATION_WORD = "整改"
NOTICE_WORDS = ("问题", "措施", "巡视", "巡察", "审计", "反馈", "落实", "整改任务", "台账", "通报", "责任")

# --- web-page furniture -------------------------------------------------------------------------------
# Labels that open a line of page furniture (`发布日期：2025-03-13 10:21:45`, `字号：大 中 小`), before
# or after the notice. The label is followed by a colon, or for the last group by anything.
FURNITURE_LABELS = (
    "当前位置", "您现在的位置", "您的位置", "现在位置", "所在位置", "位置", "信息索引号", "索引号", "发布机构",
    "发文机关", "发文机构", "发文单位", "成文日期", "成文时间", "发布日期", "发布时间", "发文日期", "生成日期",
    "公开日期", "更新时间", "更新日期", "日期", "时间", "来源", "信息来源", "文章来源", "稿件来源", "转自", "source",
    "浏览次数", "浏览量", "阅读次数", "阅读量", "阅读", "访问量", "访问次数", "点击数", "点击量", "点击率", "字号",
    "字体", "分享到", "分享", "主题分类", "体裁分类", "服务对象分类", "公开方式", "公开范围", "公开时限",
    "公开属性", "文号", "发文字号", "有效性", "是否有效", "作者", "编辑", "责任编辑", "审核", "校对", "供稿",
    "主办单位", "承办单位", "协办单位", "主办", "承办", "维护单位", "网站标识码", "版权所有", "技术支持",
    "联系电话", "联系我们", "网站地图", "地址", "邮编", "上一篇", "下一篇", "相关链接", "相关文章", "扫一扫",
    "关键词", "标签", "附件下载")
FURNITURE_ANYWHERE = ("ICP备", "ICP证", "公网安备", "网站标识码", "版权所有", "Copyright", "©", "技术支持：",
                      "打印本页", "关闭窗口", "【打印】", "【关闭】", "【字体", "字号：大", "主办单位：")
# Labels whose value is evidence for the notice's metadata.
FURNITURE_DATE_WRITTEN = ("成文日期", "成文时间", "发文日期")
FURNITURE_DATE_PUBLISHED = ("发布日期", "发布时间", "公开日期", "日期", "时间", "更新时间", "更新日期", "生成日期")
FURNITURE_SOURCE = ("来源", "信息来源", "文章来源", "稿件来源", "转自", "source")
FURNITURE_PUBLISHER = ("发布机构", "发文机关", "发文机构", "发文单位")
BREADCRUMB_SEPARATORS = (">", "＞", "»", "›", "→", "/")
SITE_WORDS = ("首页", "网站首页", "政务公开", "信息公开", "通知公告", "工作动态", "新闻中心", "政府信息公开")

# --- dates, years, organisations ----------------------------------------------------------------------
YEAR4 = r"(?:19|20)\d\d"
YEAR_CN = r"二[〇零○0O][〇零○0O一二三四五六七八九]{2}"  # 二〇二四, and 二0二四 as OCR reads it
# Names end with one of these (signature lines, speaker lines, the words before 关于 in a title).
ORG_SUFFIXES = ("委员会", "党委", "党组", "纪委", "监委", "人民政府", "政府", "办公室", "办公厅", "审计署", "审计厅",
                "审计局", "局", "委", "厅", "署", "院", "中心", "公司", "集团", "大学", "学院", "学校", "医院",
                "银行", "协会", "联合会", "管委会", "街道", "镇", "乡")
# A speaker line under an audit report's meeting line: the office and the title of the one who reports.
SPEAKER_TITLES = ("局长", "厅长", "审计长", "副局长", "副厅长", "主任", "副主任", "署长", "负责人", "主任委员")

# --- titles and metadata ------------------------------------------------------------------------------
TITLE_ENDINGS = ("通报", "报告", "公告", "公示", "情况", "说明", "答复")
TITLE_SUBJECTS = ("整改", "巡视", "巡察", "审计", "反馈")
# A body sentence opens with these; a title never does.
BODY_OPENERS = ("根据", "按照", "依据", "为贯彻", "为深入", "为落实", "受", "现将", "近日", "今年", "经", "在", "对",
                "自", "截至", "截止", "目前", "各位", "主任", "同志们")
KIND_WORDS = ("巡视", "巡察", "审计")

# --- parts of a notice: what a top-level part is for, from its title --------------------------------
PART_NEXT = re.compile(r"下一步|下步|今后|工作打算|工作安排|工作计划|持续巩固|巩固.{0,8}成果|深化.{0,6}成果")
PART_FINDINGS = re.compile(r"问题的?(?:整改|落实)|(?:反馈|查出|指出|发现|交办)的?(?:意见|问题)|整改落实情况$|问题清单")
# A part (一、) that tells how the work was organised; its （一）（二） are overview items, not findings.
PART_OVERVIEW = re.compile(r"(?:总体|推进|开展|组织|落实|工作|基本)情况|主要做法|主要措施|组织领导|提高政治站位|"
                           r"思想认识|高度重视|重要论述|重大政治任务|整改工作(?:总体|开展|推进|组织)")
# A title that reports how the work itself went (审计查出问题整改工作部署推进情况, 巡察整改工作开展情况) is
# about the unit's own work even when it names the problems: it is read before PART_FINDINGS.
PART_OVERVIEW_FIRST = re.compile(r"工作[^，。；]{0,8}(?:部署|推进|开展|总体|组织|落实)[^，。；]{0,4}情况$|"
                                 r"(?:总体|整体)(?:推进|开展|进展)?情况$")
# The same for an area (（一）) of a notice without parts: only plain 情况/做法 titles, since problem areas
# often quote the words above (`学习贯彻…重要论述不够系统`).
# Also a title about the duty of rectifying itself (（一）在落实整改主体责任方面, （二）强化整改督导), unless it
# names a shortcoming (`整改责任落实不到位` is a problem).
AREA_OVERVIEW = re.compile(r"(?:总体|推进|开展|组织|基本)情况|主要做法|整改工作(?:总体|开展|推进|组织)|"
                           r"整改(?:主体)?责任|整改(?:督导|督查|督办|机制|方案|台账|领导)|(?:加强|强化)组织领导|"
                           r"(?:提高|提升)政治站位|压实(?:整改)?责任")
# Where the rectification part of a problem starts (`整改情况：`, `整改措施:` …).
MEASURE_CUE = re.compile(r"(整改(?:落实)?(?:情况|措施|进展|进展情况|结果|成效)|落实情况)[：:]")
# A line that says how far a finding got (`整改进展：已完成`): its status, never part of the measure above it.
_STATUS_LABELS = "整改进展|整改进度|进展情况|完成情况|整改状态|整改结果|目前进展|当前进展"
STATUS_LINE = re.compile(rf"\s*(?:{_STATUS_LABELS})[：:]")
# A paragraph that opens by saying its list is of problems (`巡察指出：一是…；二是…` on the line under an
# area heading): the label leads into the heading's own list, as when it runs on from the heading.
PROBLEM_LEAD_IN = re.compile(r"\s*(?:(?:巡视|巡察|审计|检查|督查)(?:组|组织|机构)?)?(?:反馈)?(?:指出|发现|反馈)(?:的主要问题|的问题)?"
                             r"[：:]|\s*(?:存在|主要|具体|反馈)的?问题(?:是|有|为|表现为)?[：:]")
# The sentence that opens a closing summary inside the last finding of a one-line notice.
CLOSING = re.compile(
    r"下一步|下步|今后|整改(?:工作)?(?:尽管|虽然|虽)|(?:尽管|虽然)取得|取得了?(?:明显|阶段性|积极|显著)(?:成效|进展|成果)"
    r"|欢迎(?:广大)?(?:干部群众|社会各界)")
# A paragraph of its own that says what the unit *will* do closes the report, not the last measure.
CLOSING_PARAGRAPH = re.compile(r"^[^，。]{0,12}将(?:继续|持续|进一步|坚持|始终|以此)")

# --- status of a measure, from its wording --------------------------------------------------------------
STATUS_ONGOING = ("正在", "推进中", "尚未", "仍未", "未完成", "仍在", "着手", "逐步", "加快推进", "有序推进", "持续推进",
                  "稳步推进", "征求意见", "部分整改", "逐步整改", "正在整改", "基本完成", "抓紧", "预计", "待审批")
STATUS_ONGOING_PATTERNS = (r"待[^，。；]{0,12}后", r"拟(?:于|在|将|定|制定|出台|建设)", r"需要?进一步")
STATUS_DONE_PHRASES = ("整改完毕", "整改到位", "整改完成", "完成整改", "完成了", "均已", "全部完成", "已全部", "已完成",
                       "已整改", "已办结", "已落实")
# 已 + (a few words) + one of these reads as done.
STATUS_DONE_AFTER_YI = ("整改", "完成", "完工", "解决", "办结", "落实", "建立", "出台", "印发", "制定", "修订", "实现",
                        "清退", "追回", "收回", "移交", "返回", "补缴", "通报", "约谈", "处理", "下达", "审批", "分解",
                        "统筹", "召开", "举办", "成立", "开工", "选派", "建成", "上线", "撤销", "关停", "核销")
STATUS_LONG_TERM = ("长期坚持", "长期", "长效", "常态化", "久久为功", "常抓不懈", "持续抓好", "持续深化", "坚持不懈")
# A plain action a progress report states as done (制定, 印发, 追回 …).
STATUS_DONE_ACTIONS = ("完成", "建成", "印发", "出台", "制定", "修订", "追回", "收回", "清退", "补缴", "召开", "举办",
                       "成立", "建立", "开展", "组织", "选派", "招录", "梳理", "下达", "编印", "约谈", "处分", "问责",
                       "调整", "增设", "配备", "作出", "给予", "追缴", "收缴", "退还", "补发", "撤销", "关停", "核销",
                       "督促", "指导", "印制", "签订", "健全", "完善", "明确", "召集", "举行", "落实", "推动", "新增",
                       "取消", "推行", "压缩", "清理", "实施", "设立", "排查", "检查", "查处", "整治", "核查", "清查",
                       "谈话", "培训", "修改", "公开", "上线", "开通", "兑现", "拨付", "分配", "补办", "纠正", "规范",
                       "提高", "提升", "降低", "压减", "精简", "合并", "划转", "移交", "报送", "备案", "评查", "建设")
# Words that negate the action after them: 未制定 is part of a problem, not a measure done.
NEGATIONS = ("未", "没有", "尚未", "并未", "未能")

# --- figures --------------------------------------------------------------------------------------------
MAGNITUDES = ("万亿", "千亿", "百亿", "十亿", "亿", "千万", "百万", "十万", "万", "千")
COUNT_UNITS = ("人次", "家次", "批次", "场次", "个次", "户次", "节次", "班次", "课次", "学时", "课时", "平方米", "立方米",
               "公里", "千米", "米", "公顷", "个", "项", "家", "人", "名", "次", "件", "条", "份", "户", "期", "场", "批",
               "篇", "部", "所", "处", "类", "种", "套", "档", "位", "支", "座", "台", "辆", "起", "宗", "笔", "张", "本",
               "门", "节", "轮", "层", "间", "栋", "亩", "吨", "组", "队", "首", "幅", "册", "章", "款", "卷", "例")
# Chinese-numeral counts with these units are names or vague amounts (干部三处, 一批, 一本).
VAGUE_CN_UNITS = ("处", "批", "部", "本", "门", "位", "节", "层", "间", "首", "章", "款", "道")
DURATION_UNITS = ("个月", "个工作日", "工作日", "个小时", "小时", "天", "周")
# Qualifiers before a number (约, 超过 …) and after it (余, 以上 …), and what each means.
QUALIFIER = {
    "约": "approx", "大约": "approx", "近": "approx", "将近": "approx", "接近": "approx", "左右": "approx",
    "上下": "approx", "超过": "more_than", "超出": "more_than", "超": "more_than", "过": "more_than",
    "突破": "more_than", "逾": "more_than", "高于": "more_than", "多于": "more_than", "大于": "more_than",
    "余": "more_than", "多": "more_than", "之多": "more_than", "不少于": "at_least", "不低于": "at_least",
    "不小于": "at_least", "至少": "at_least", "以上": "at_least", "不足": "less_than", "不到": "less_than",
    "少于": "less_than", "低于": "less_than", "小于": "less_than", "不超过": "at_most", "未超过": "at_most",
    "不高于": "at_most", "不大于": "at_most", "最多": "at_most", "至多": "at_most", "以内": "at_most",
    "以下": "at_most", "及以上": "at_least", "及以下": "at_most", "最少": "at_least",
}
QUALIFIERS_BEFORE = ("约", "大约", "近", "将近", "接近", "超过", "超出", "超", "过", "突破", "逾", "高于", "多于", "大于",
                     "不少于", "不低于", "不小于", "至少", "最少", "不足", "不到", "少于", "低于", "小于", "不超过",
                     "未超过", "不高于", "不大于", "最多", "至多")
QUALIFIERS_AFTER = ("及以上", "及以下", "以上", "以内", "以下", "左右", "上下", "之多")
COMPARATOR = {"more_than": ">", "at_least": ">=", "less_than": "<", "at_most": "<=", "approx": "≈", None: "="}
# A Chinese-numeral count followed by these is a name or an idiom (两张皮, 八项规定, 两个牌子 …).
IDIOM_AFTER = ("皮", "规定", "牌子", "性", "也", "都", "之", "意识", "自信", "维护", "确立", "融入", "面向",
               "服务", "责任", "全面", "统一", "作风", "体", "线", "把手", "盘棋", "头", "手", "心", "样", "全会",
               "全体会议", "党代会", "有之")
# A group's or team's name ends in a numeral before 组/队 (巡察二组, 第一工作组): not a count of groups.
GROUP_NAME_BEFORE = ("巡察", "巡视", "工作", "督导", "检查", "专项", "调研", "指导", "考核", "督查", "审计", "专案", "联络",
                     "核查", "评估", "验收", "第")
# A year span whose words run on into one of these (…2024—2035年供水专项规划) is part of a plan's title.
PLAN_TITLE_END = ("规划", "纲要", "计划", "方案", "行动", "实施意见", "战略", "蓝图")
# Counts that are figures of speech (做好…三篇文章), unless the clause says they were written or published.
RHETORICAL_COUNTS = ("篇文章", "篇大文章")
WRITING_VERBS = ("撰写", "发表", "刊发", "刊登", "推送", "编发", "发布", "报送", "采写")
# A lone 一 counts only after words that make it a count (仅组织召开一次 …), not in 整改一个问题.
ONE_CUES = ("仅", "只", "共", "累计", "召开", "开展", "举办", "组织", "新增", "增设", "设立", "成立", "选举",
            "各", "另", "又", "再", "达", "有", "设", "聘", "录", "招录", "约", "近")
# Role cues: the nearest before a figure in its clause says whether it is a goal, a result or a base.
# A deadline still ahead (2025年底前完成…) is a goal's; one already met (已于2024年8月底前…) is not.
ROLE_TARGET = (r"提出(?!的)|目标(?:为|是|：|，|任务|(?=\d|$))|(?<!按)(?<!按照)计划(?![，。；、”》单的]|[^，。；]{1,5}的)|力争|争取"
               rf"|确保|预计|拟(?=于|在|将|到|用|新增|投入)|到{YEAR4}年(?:底|末|初)?|逐步"
               rf"|(?<![已\d年月])(?<!已于)(?<!已在)(?:{YEAR4}年(?:\d{{1,2}}月)?|\d{{1,2}}月)(?:底|末|中旬|上旬|下旬)?前"
               r"(?:完成|实现|达到)?(?=[\u4e00-\u9fff\d])")
ROLE_ACTUAL = (r"截至|截止|仅为|仅|(?<![未尚])已|(?<!未)完成(?!率)|实现|累计|目前|现有|实际"
               r"|(?<!公)共(?=计|有|\d|[一二两三四五六七八九十])")
# A base stated as such (上年同期为…, 整改前为…); a change against last year (较上年提高13.8个百分点) is not one.
ROLE_BASELINE = r"(?:上年同期|上年|去年|整改前|原来|原先|原)(?:为|是|仅为|仅|达|有)"
# What is left to do (剩余4.5万元正在追缴, 未完成整改的5项问题) is neither a result nor money rectified.
ROLE_REMAINING = r"剩余|其余|尚有|还有|尚未|未完成"
# A goal named after its figure: 完成老旧管网改造45公里的目标.
ROLE_TARGET_AFTER = r"[^，。；,;\n]{0,4}?(?:的|为)?(?:目标|任务数|预期目标)"
# A plan's cue stops governing where a later phrase says what was urged and done (确保…，督促…退还35万元).
URGE_VERBS = ("督促", "责令", "指导", "推动", "帮助", "协调")
# 由X提高到Y: X is the base, Y the result reached (or the goal, after a goal's cue).
CHANGE_TO = r"(?:减至|增至|降至|升至|减到|增到|降到|(?:提高|提升|下降|增加|减少|压降|压减|降低|上升|增长)(?:到|至))"
# A stated total with its breakdown: 共计5万元 after its parts, or 其中/分别 before them.
TOTAL_CUES = ("共计", "合计", "总计", "累计", "共", "总数", "总额")
PART_CUES = ("其中", "分别为", "分别是", "分别")

# --- what money is about ---------------------------------------------------------------------------------
# The money charts add up money about problems and their rectification, never assets, budgets or output.
MONEY_RECTIFIED = ("整改到位", "整改", "追回", "挽回", "退缴", "退还", "退回", "清退", "收回", "追缴", "补缴", "上缴", "清缴",
                   "返还", "缴回", "归还", "核减", "收缴", "盘活", "纠正", "减少损失", "避免损失", "挽回损失")
MONEY_PROBLEM = ("查出", "涉及", "问题资金", "问题金额", "违规", "违纪", "违法", "挪用", "闲置", "损失", "浪费", "超标准",
                 "超标", "超范围", "超预算", "未缴", "欠缴", "少缴", "应缴未缴", "多收", "多发", "多付", "虚报", "虚列",
                 "套取", "骗取", "侵占", "截留", "滞留", "沉淀", "未及时", "未按", "未经", "未履行", "不规范", "不合规",
                 "无依据", "违约", "逾期", "风险", "未收回", "未追回", "欠费", "欠款", "拖欠")
NEGATIONS_OF_DONE = ("未", "尚未", "没有", "仍未", "待")
# A clause opened by these reports a problem: its money is problem money (审计指出，…列支旅游费用18.5万元).
PROBLEM_REPORTED = ("审计指出", "审计发现", "巡察发现", "巡视发现", "检查发现", "督查发现", "巡察指出", "巡视指出", "不符合条件")

# What a figure measures is read back from it to the start of its clause, after the last of these
# frames (a time, a plan, a stocktaking) and without the words that only lead in or link.
METRIC_FRAMES = (r"截至|截止|目前|现有|提出|目标(?:为|是|：)?|计划|力争|争取|确保|预计|其中|实际"
                 rf"|到{YEAR4}年(?:底|末|初)?前?|(?:{YEAR4}年(?:\d{{1,2}}月)?|\d{{1,2}}月)(?:底|末|中旬|上旬|下旬)?前(?:完成|实现|达到)?")
METRIC_LEAD = (r"^(?:[一二三四五六七八九十]{1,2}是|（\d{1,2}）|\d{1,2}[.、]|[\u2460-\u2473])?"
               r"(?:其中|其余|并|且|和|及|共|累计|截至|截止|到|至|在|对照|对|将|使|让|逐步将|逐步|要求|同时|另)?"
               rf"(?:{YEAR4}(?:\s*[、—\-~～至到]\s*{YEAR4})*\s*年(?:度)?(?:\d{{1,2}}月)?(?:底|末|初)?(?:以来|前)?)?"
               r"(?:企业|我市)?")
METRIC_DROP = r"仅|只|同年|当年|分别|均|约|大约"
# An office that did what a count counts opens the words before it (市财政局检查…): not the metric.
METRIC_ACTOR = (r"^[\u4e00-\u9fff]{0,8}?(?:纪委监委|国资委|局|厅|署|人民政府|政府|公司|集团)"
                r"(?![会员长面])(?=[\u4e00-\u9fff]{2})")
METRIC_TAIL = (r"(?:仅为|为|达到|达|是|有|共|计|超过|突破|过|增至|减至|降至|升至|提高到|提高至|提升到|提升至|压缩至|"
               r"压缩到|低于|高于|占比|合计|约|由|从|的)+$")
# A count after one of these verbs counts the noun that follows it (出台9个管理办法 → 管理办法).
COUNT_VERBS = ("出台", "制定", "建立", "修订", "印发", "开展", "组织", "召开", "举办", "新增", "新建", "建成", "发现",
               "选派", "招录", "新招录", "确定", "增设", "涉及", "完成", "处理", "问责", "约谈", "处分", "查处", "培训",
               "清理", "取消", "设立", "成立", "整改", "办结", "移交", "收到", "受理", "走访", "推动", "督促", "有")
# The noun after a count ends before these verbs (3名…执法人员进行诫勉谈话).
NOUN_END_VERBS = ("进行", "开展", "实行", "给予", "实施", "作出", "予以", "纳入", "参加", "完成", "接受", "存在", "中有",
                  "未", "应", "已")

# --- search ---------------------------------------------------------------------------------------------
# Words a query may drop before BM25 (kept when nothing else is left).
STOP_WORDS = frozenset("的 了 和 与 及 等 在 是 对 把 将 为 从 由 有 未 不 也 都 并 或 其 该 这 那 之 于 以 而 被 中 上 下 个 各 "
            "一 二 三 进行 开展 工作 方面 问题 情况 有关 相关 关于 没有 怎么 怎么办 如何 怎样 哪个 哪些 什么 为什么 "
            "是否 吗 呢 吧 请问".split())

# --- heading templates ------------------------------------------------------------------------------------
# Words a heading wraps its problem in (`关于“…”问题的整改`, `在…上下功夫`): what is compared and embedded
# is the problem inside.
HEADING_TEMPLATES = (
    r"^关于[“\"](?P<core>.+?)[”\"](?:的?问题)?的?(?:整改(?:情况|落实情况)?|问题)?[。.]?$",
    r"^关于(?P<core>.+?)(?:的?问题)?的?整改(?:情况)?[。.]?$",
    r"^在(?P<core>.+?)上下功夫$",
    r"^在[“\"](?P<core>.+?)[”\"]方面$",
)

# --- notice totals (the figures a notice states for itself as a whole) -----------------------------------
# Each pattern finds the wording; its group `n` marks where the figure stands, and the value is that
# figure's (nlp/figures.py reads every number once). Conventions in ../shared/gold/*.summary.json.
_MONEY = r"(?:约|近|超过)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?(?:万亿|亿|万)?元|[零〇一二两三四五六七八九十百千万亿点]+元"
_N = r"(?P<n>\d+)\s?"
# After its keyword a count may be in Chinese numerals too (反馈问题三十二个); before one (三个问题) it may not:
# 第三个问题, 这两个问题 name a problem, they do not count them.
_NZ = r"(?P<n>\d+|[一二两三四五六七八九十百]{1,5})\s?"
_PIECE = r"(?:个|项|条)"
# Penalties a notice counts people by (党纪处分, 诫勉谈话 …): several may share one count (…、…等12人).
_PENALTY = (r"(?:党纪政务处分|党纪处分|政务处分|纪律处分|处分|问责|追责|诫勉谈话|诫勉|组织处理|批评教育|通报批评|立案审查|约谈提醒|约谈|"
            r"提醒谈话|谈话提醒|警示谈话|函询|免职|降职|撤职|调整岗位|停职检查|责令检查|移送司法机关|组织调整|处理)")
SUMMARY_PATTERNS = {
    "problems_total": (rf"(?<!子项)(?<!子)(?<![\d.]){_N}(?:个|项|条|大项|类)(?:具体|突出|共性)?问题(?![^，。；]{{0,4}}中有)",
                       rf"问题(?:共计|共|总数为?|数量为?|合计|总计)(?:为|有)?{_NZ}{_PIECE}",
                       rf"(?:共有|共计有?|总计|合计)(?:各类|具体)?问题{_NZ}{_PIECE}",
                       rf"问题(?:清单|台账)(?:共计|共|合计)?(?:为|有)?{_NZ}{_PIECE}",
                       rf"(?:反馈|指出|查出|交办|发现|认领|梳理出?|排查出?|查摆出?|检视出?|需整改|需要整改|待整改)的?"
                       rf"(?:各类|具体)?问题(?:共计|共|总数|总计|合计|数量?)?(?:为|有)?{_NZ}{_PIECE}"),
    "problems_done": (rf"已(?:全部)?(?:完成)?(?:整改|销号|办结)(?:到位|完成|销号)?(?:问题)?{_NZ}{_PIECE}",
                      rf"已完成(?:整改)?{_NZ}{_PIECE}", rf"完成整改(?:问题)?{_NZ}{_PIECE}",
                      rf"整改(?:完成|到位|销号)(?!率)(?:问题)?{_NZ}{_PIECE}",
                      rf"{_N}{_PIECE}(?:问题)?已(?:完成)?(?:整改|销号)(?:到位|完成)?(?![^，。；]{{0,3}}\d)",
                      rf"{_N}{_PIECE}(?:具体)?问题(?:均|已|现已)?(?:全部|均已)(?:完成)?整改(?:完成|到位|完毕)?"),
    "problems_ongoing": (rf"(?:正在|仍在)(?:整改|推进)[^，。；、\d]{{0,6}}?{_N}{_PIECE}",
                         rf"{_N}{_PIECE}(?:问题)?(?:正在|仍在)(?:有序|积极|加快|持续|全力)?(?:整改|推进)",
                         rf"(?:剩余|其余|尚有|还有|另有)\s?{_N}{_PIECE}(?:问题)?(?:(?!已)[^，。；\d]){{0,6}}?(?:推进|整改)",
                         rf"(?:持续|逐步|分阶段|长期)(?:推进)?整改[^，。；、\d完]{{0,8}}?{_N}{_PIECE}",
                         rf"{_N}{_PIECE}(?:问题)?(?:需要?|仍需)?(?:持续|长期|逐步)(?:推进)?整改"),
    "completion_rate": (r"(?:(?:问题整改|整改|整体|总体|综合)(?:工作)?(?:完成|完结|销号|办结)?|(?<![\u4e00-\u9fff])(?:完成|销号|办结))"
                        r"率(?:为|达到?|是|已达|已达到)?(?P<n>\d+(?:\.\d+)?)\s?%",),
    "measures_total": (rf"(?:整改|支撑|具体)(?:措施|举措)(?:共计|共|合计)?{_NZ}(?:条|项|个)",
                       rf"{_N}(?:条|项)(?:整改|支撑|具体)?(?:措施|举措)"),
    "rules_made": (r"(?P<new>新)?(?:制定|出台|建立|完善|健全|修订|制修订|新建|印发|形成)(?:完善|修订|出台|健全|印发)?了?"
                   r"[^，。；、\d制]{0,8}?(?:办法(?:和|及|、))?"
                   rf"制度(?:[和及、]?[^，。；、\d]{{0,4}}?机制)?(?:文件|成果)?(?:共计|共)?{_NZ}(?:项|个|件|份|部)",
                   r"(?P<new>新)?(?:制定|出台|建立|完善|健全|修订|制修订|新建|印发)(?:完善|出台|修订|健全|印发)?了?(?:各类|相关)?"
                   rf"{_N}(?:项|个|件|份|部)(?:规章|管理|工作)?制度"),
    "people_held_accountable": (rf"{_PENALTY}(?:[、和及](?:{_PENALTY}|[\u4e00-\u9fff]{{2,6}}))*[^，。；、\d]{{0,6}}?"
                                r"(?P<n>\d+)\s?(?:人次|人|名)",
                                rf"(?P<n>\d+)\s?(?:人次|人|名)[^，。；、\d]{{0,8}}?{_PENALTY}"),
    "money_recovered": (r"(?:清退|追缴|挽回|收回|追回|退还|退回|返还|补缴|上缴|退缴|缴回|归还|收缴|清缴|退赔)[^，。；、]{0,14}?(?P<n>" + _MONEY + ")",),
    "audit_amount": (r"(?:审计)?(?:共|共计)?查出(?:的)?(?:问题|违规[^，。；、\d]{0,4}?)?(?:资金|金额)(?:共计|合计|为|达)?(?P<n>" + _MONEY + ")",
                     r"(?<!整改)(?<!到位)问题(?:涉及)?(?:资金|金额)(?:总额|总计|共计|合计|为|达|共)?[^，。；、\d]{0,4}?(?P<n>" + _MONEY + ")"),
    "audit_amount_rectified": (r"已整改(?:到位)?(?:问题)?(?:金额|资金)?(?:为|达|共计)?(?P<n>" + _MONEY + ")",
                               r"整改(?:到位)?(?:问题)?(?:金额|资金)(?:为|达|共计)?(?P<n>" + _MONEY + ")"),
}
# Words that make a sentence's counts task-level (177项整改任务，已完成174项), which the totals leave out.
SUMMARY_TASK_WORDS = ("任务", "子项")
# Keys whose value may be summed over a breakdown given in one overview sentence (处分m人、诫勉n人).
SUMMARY_SUMMABLE = ("people_held_accountable", "money_recovered")
# A clause about one part of the notice's subject (one town, one company) or an earlier round is not a
# notice total: 其中青山镇反馈问题8个, 上一轮巡察反馈的12个问题.
SUBUNIT_NAME = (r"(?!公立|民营|基层|定点|重点|部分|有关|相关|下属|所属)"
                r"(?:(?![各全该每本其中])[\u4e00-\u9fff]){2,8}?"
                r"(?:(?<![城])镇(?![区域])|(?<![城下])乡(?![村镇])|(?<![乡农山])村(?![级民庄委])|街道(?![办])|社区(?![治服])|"
                r"分公司|子公司|学院|医院|支行|分行|分局|中学|小学|幼儿园|派出所|卫生院)")
EARLIER_ROUND = r"上一轮|上轮|上次|上一次|前一轮|前轮|往年|历年|以往|此前|上届|前期"

# --- issuers ------------------------------------------------------------------------------------------------
# The same body is written many ways: 中共青禾县交通运输局党组 / 青禾县交通运输局; 中共南开大学委员会 / 南开大学.
ISSUER_PREFIXES = ("中国共产党", "中共")
ISSUER_PARTY_SUFFIXES = ("机关党委", "党组织", "党委员会", "党组", "党委", "委员会", "总支部", "党总支", "支部")
# Long names to their usual short forms (applied before the party suffix goes, so both spellings meet).
ISSUER_ABBREVIATIONS = {"国有资产监督管理委员会": "国资委", "发展和改革委员会": "发改委", "发展改革委员会": "发改委",
                        "纪律检查委员会": "纪委", "纪委监委": "纪委", "监察委员会": "监委", "卫生健康委员会": "卫健委",
                        "教育委员会": "教委", "人民代表大会常务委员会": "人大常委会"}
# Levels of a place an office may be written without (市审计局 for 临川市审计局).
PLACE_LEVELS = "省市县区州旗盟镇乡"
# Words that end like a place but are not one (城市, 上市, 全市 …).
NOT_PLACE_NAMES = ("城市", "上市", "超市", "股市", "楼市", "门市", "都市", "省市", "县市", "市区", "全市", "本市", "我市",
                   "各市", "该市", "全县", "本县", "我县", "各县", "该县", "全区", "本区", "我区", "各区", "辖区", "园区",
                   "城区", "社区", "景区", "小区", "片区", "街区", "校区", "地区", "牧区", "山区", "库区", "矿区", "新区",
                   "试验区", "示范区", "开发区", "全省", "本省", "我省", "各省", "外省", "外县", "外市", "乡镇", "城镇",
                   "村镇", "集镇", "城乡", "下乡")

# --- recurring problems ----------------------------------------------------------------------------------
# Words that frame a problem heading rather than name it (干部档案管理不规范: 干部 … 管理不规范 frame, 档案 names).
# Two headings that share a frame but name different things are different problems.
HEADING_FRAME_WORDS = frozenset(
    "管理 不规范 不到位 不健全 不严格 不完善 不彻底 不及时 不合理 不够 不力 不足 不强 不高 不严 缓慢 滞后 薄弱 问题 工作 "
    "落实 机制 制度 建设 存在 方面 情况 程序 责任 推进 执行 监管 监督 有差距 差距 弱项 短板 力度 长期 缺位".split())

# --- ledger tables (整改台账) -------------------------------------------------------------------------------
# What a column of a ledger holds, from the words of its header, checked in this order (a header such as
# 整改进展情况 names a status before it names anything else). The language of headers is closed.
LEDGER_COLUMNS = (
    ("number", ("序号", "编号", "序", "No")),
    ("deadline", ("时限", "期限", "完成时间", "整改时间", "日期")),
    ("responsible", ("责任", "牵头", "单位", "部门", "领导", "负责")),
    ("status", ("进展", "进度", "状态", "完成情况", "整改结果", "整改成效", "是否", "销号", "评估")),
    ("area", ("类别", "类型", "方面", "领域", "分类")),
    ("measure", ("措施", "举措", "整改情况", "落实情况", "整改内容", "整改落实", "做法", "整改方案")),
    ("problem", ("问题", "反馈", "意见", "表现", "事项", "清单", "内容")),
)
# A second column naming rectification (整改情况 beside 整改措施) reports how far it got.
LEDGER_STATUS_IF_MEASURED = ("整改情况", "落实情况", "整改落实")

# --- roles of headings, items and paragraphs (features for the role classifier) ------------------------------
# Closed cues a node's title may carry; the classifier weighs them with the words and the node's place.
ROLE_CUES = {
    "area_words": r"方面$|方面的?问题$|^在[“\"].+[”\"]方面",
    "problem_template": r"^关于[“\"]?.+?[”\"]?(?:的?问题)(?:的?整改)?",
    "problem_words": r"不到位|不够|不足|不力|不严|不实|不强|不高|不规范|不健全|不完善|不及时|不深入|不精准|滞后|缓慢|薄弱|"
                     r"缺失|缺位|缺乏|短板|弱项|差距|存在|未能|未按|没有|偏差|问题突出|流于形式|较多|较大",
    "action_words": r"^(?:制定|修订|建立|完善|健全|开展|组织|召开|印发|出台|推进|推动|加强|强化|落实|实施|完成|明确|"
                    r"督促|约谈|追回|清退|收回|整治|梳理|排查|新增|举办|成立|优化|规范)",
    "done_words": r"已(?:经)?(?:完成|整改|落实|建立|出台|印发|追回|办结)|整改到位|整改完成|完成整改|销号",
    "status_label": rf"^(?:{_STATUS_LABELS})",
    "status_value": r"^(?:已完成|已整改|已办结|持续推进|正在推进|基本完成|长期坚持|未完成|整改中|推进中)",
    "aimed": r"^针对|针对[^，。；]{0,30}问题",
    "pointed": r"(?:指出|反馈|发现|存在|查出|表现为|主要是|具体是)[：:，]?$",
    "detail_label": r"^(?:问题表现|具体问题|存在问题|问题描述|主要问题|问题情况|具体表现)",
    "measure_label": r"^(?:整改(?:落实)?(?:情况|措施|举措)|落实情况|主要措施)",
    "next_words": r"^下一步|^下步|^今后|将(?:继续|持续|进一步|坚持|始终)|持续巩固|巩固.{0,6}成果|长效机制",
    "closing_words": r"欢迎|监督电话|联系电话|联系方式|邮政信箱|电子邮箱|特此通报|特此报告|以上报告|请予审议",
    "self_words": r"高度重视|政治站位|政治任务|主体责任|第一责任人|组织领导|领导小组|统筹推进|整改方案|动员部署|"
                  r"压实|台账|对账销号|挂图作战|专题会议|民主生活会|督导|以上率下|认领|照单全收",
    "totals_words": r"\d+个(?:方面|问题)|完成率|已完成整改\d+|整改措施\d+|共计|累计",
}
# An area title naming a shortcoming is a problem area, whatever duty it names (AREA_OVERVIEW).
AREA_SHORTCOMING = re.compile(ROLE_CUES["problem_words"] + "|问题")
# Words a heading states its defect with (不精准, 走过场 …): like the frame words, they do not say what the
# problem is about.
HEADING_DEFECT_WORDS = frozenset(
    "不 未 规范 到位 严格 彻底 及时 完善 健全 合理 精准 达标 不力 够 足 强 高 严 偏高 偏低 超标准 超标 流于形式 形式 "
    "走过场 混乱 缺失 薄弱 屡禁不止 仍然 违规 进度 效益 发挥 使用 不够 不足 不严 不实 不细 不明 不清".split())
