//! The report's words in both languages, by the keys the figures carry: one list, used by
//! the CSV, the chart the server draws and the manager's screen alike.

/// `(key, Chinese, English, how it is counted in Chinese, in English)`.
const FIGURES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "received",
        "受理工单",
        "Tickets received",
        "按受理当日（物业所在地时间）计入",
        "Counted on the property's day it came in",
    ),
    (
        "arrival",
        "20分钟内到场",
        "On site within 20 minutes",
        "派单至到场，暂停（等待业主）的时间不计",
        "From dispatch to on site; time paused waiting on the owner not counted",
    ),
    (
        "reply",
        "按约定时间答复",
        "Answered by the agreed time",
        "有预约答复时间的工单：答复或完工不晚于该时间",
        "Tickets with a reply-by time: answered or completed by then",
    ),
    (
        "appointment",
        "按预约时间到场",
        "Appointment kept",
        "有预约的工单：到场不晚于预约时间；分钟为迟到时长",
        "Tickets with an appointment: on site by then; minutes are how late",
    ),
    (
        "completion",
        "按承诺时间完工",
        "Completed by the promised time",
        "迟到后向业主承诺的完工时间；受理至完工，暂停不计",
        "The completion time promised after a late arrival; receipt to completion, pauses not counted",
    ),
    (
        "plan",
        "投诉方案当日或次日制定",
        "Complaint plan the same or next day",
        "投诉（判定无效的除外）：处理方案在受理次日结束前记录",
        "Complaints (but those judged invalid): plan recorded by the end of the next day",
    ),
    (
        "effective_complaints",
        "有效投诉",
        "Valid complaints",
        "已判定的投诉中判定为有效的",
        "Of the complaints judged, those found valid",
    ),
    (
        "return_visits",
        "回访覆盖",
        "Return-visit coverage",
        "已完工/已答复的工单中已由员工回访（电话或上门）的",
        "Of tickets completed or answered, those visited by staff (phone or on site)",
    ),
    (
        "satisfaction",
        "回访满意",
        "Satisfied at return visit",
        "已回访的工单中第一次回访即满意的",
        "Of tickets visited, satisfied at the first visit",
    ),
    ("reopened", "返修/重开", "Reopened", "已完工的工单中曾被重开的", "Of tickets completed, those reopened"),
    ("escalated", "升级事项", "Escalated", "重大/紧急，受理时即升级", "Major or urgent, escalated at intake"),
    (
        "escalated_by_rules",
        "超时升级",
        "Escalated past a time limit",
        "受理的工单中，超过时限被系统升级的（按时限）",
        "Of the tickets received, those the rules escalated past a time limit (by limit)",
    ),
    ("escalated_arrival", "到场超时", "Late arrival", "", ""),
    ("escalated_reply", "答复超时", "Late reply", "", ""),
    ("escalated_appointment", "预约超时", "Appointment missed", "", ""),
    ("escalated_plan", "投诉方案超时", "Complaint plan late", "", ""),
    ("escalated_completion", "承诺完工超时", "Promised completion missed", "", ""),
    (
        "people",
        "按首问负责人",
        "By first-responsible person",
        "受理单数；有时限的工单中全部按时的；回访满意（首次回访）；重开",
        "Tickets; of those with a time limit, all met; satisfied at the first return visit; reopened",
    ),
    (
        "departments",
        "按部门",
        "By department",
        "派往该部门的单数、接单、20分钟内到场、完工、人工费与材料费（元）",
        "Sent to the department, accepted, on site within 20 minutes, completed, labour and material fees (yuan)",
    ),
    (
        "analyses",
        "投诉案例分析",
        "Complaint case analyses",
        "有效投诉的原因、纠正措施与预防措施",
        "Valid complaints' cause, corrective action and preventive action",
    ),
    (
        "keys",
        "钥匙借用",
        "Key loans",
        "按钥匙借出当日计入；超时：晚于当班结束归还，或过时仍未归还",
        "Counted on the day the key left; late: back after the end of its shift, or still out past it",
    ),
    ("key_loans", "借出", "Lent", "", ""),
    ("key_late", "超时归还/未还", "Back late or still out late", "", ""),
    ("key_short", "归还数量不符", "Returned short", "", ""),
    ("key_incidents", "钥匙事件", "Key incidents", "", ""),
    ("key_out", "仍未归还", "Still out", "", ""),
    (
        "release",
        "物品放行",
        "Goods release",
        "按开单当日计入；过期：已过有效期仍未放行；冲突：同一放行条被放行两次；服务器拒绝的放行条在门岗不能放行",
        "Counted on the day issued; expired: past its last day with nothing released; conflict: one slip released twice; a slip the server refused lets nothing out at the gate",
    ),
    ("slips_issued", "开具", "Issued", "", ""),
    ("slips_released", "已放行", "Released", "", ""),
    ("slips_sent_back", "被门岗退回", "Sent back at the gate", "", ""),
    ("slips_expired", "过期未放行", "Expired unused", "", ""),
    ("slips_conflicts", "重复放行冲突", "Released twice (conflict)", "", ""),
    ("slips_refused", "服务器拒绝", "Refused by the server", "", ""),
    (
        "decorations",
        "装修管理",
        "Decorations",
        "装修中：施工中或停工；每日巡查：办证后每天须有管理员和保安各巡查一次（今天以前）；工程部按计划间隔天数巡查；整改通知与复查、停工、验收、退押金（7个工作日内）",
        "Under way: working or stopped; daily patrols: from the permit, the administrator and security each once a day (before today); engineering every few days by the plan; notices and re-inspections, stops, acceptances, deposit refunds (within 7 working days)",
    ),
    ("deco_active", "装修中", "Under way", "", ""),
    ("deco_permits", "本期办证", "Permits issued", "", ""),
    ("deco_days_due", "应巡查（户·天）", "Patrol days due (unit·day)", "", ""),
    ("deco_days_missed", "漏巡（户·天）", "Patrol days missed (unit·day)", "", ""),
    ("deco_eng_patrols", "工程部定期巡查（次）", "Engineering's periodic patrols", "", ""),
    ("deco_eng_late", "工程部巡查逾期（户·天）", "Engineering's patrol overdue (unit·day)", "", ""),
    ("notices_issued", "开出整改通知", "Notices issued", "", ""),
    ("notices_open", "未复查的整改通知", "Notices open", "", ""),
    ("notices_overdue", "逾期未复查", "Notices past their deadline", "", ""),
    ("reinspections", "复查", "Re-inspections", "", ""),
    ("work_stopped", "停工", "Work stopped", "", ""),
    ("acceptances", "验收通过", "Acceptances passed", "", ""),
    ("refunds_done", "已退押金", "Deposits refunded", "", ""),
    ("refunds_due", "待退押金", "Refunds due", "", ""),
    ("refunds_late", "退押金超期", "Refunds late", "", ""),
    ("violations", "违规项目（本期整改通知）", "Violations (the period's notices)", "", ""),
    (
        "duty_log",
        "值班日志",
        "Duty log",
        "有记录的日子；已审阅签字的日子；已过去但未签字的日子；签字后补记的更正；记录链为整本日志现在的校验结果",
        "Days with entries; days signed; past days not signed; corrections written after a day was signed; the chain is the whole log as checked now",
    ),
    ("log_days", "有记录的天数", "Days with entries", "", ""),
    ("log_signed", "已签字的天数", "Days signed", "", ""),
    ("log_unsigned", "未签字的天数", "Days not signed", "", ""),
    ("log_late", "签字后补记", "Written after signing", "", ""),
    ("log_chain_entries", "记录链条数（全部）", "Entries in the chain (all)", "", ""),
    ("log_chain_intact", "自第一条起完好的条数", "Intact from the first", "", ""),
    ("log_chain_broken", "记录链断开处（0 为完好）", "Where the chain breaks (0: intact)", "", ""),
    (
        "patrols",
        "巡查",
        "Patrols",
        "只计已过去的日子；公共区域按巡查计划的每日圈数（超出计划的圈数不抵其他日子）；空置房按计划的间隔天数，期间任何一天超过间隔未查即计逾期；发现问题：有不合格项的巡查",
        "Only days that are over; public areas against the plan's rounds a day (extra rounds do not make up another day); vacant units on the plan's interval, late when any day of the period passed it unchecked; findings: patrols with an item failed",
    ),
    ("rounds_planned", "计划圈数", "Rounds planned", "", ""),
    ("rounds_done", "完成圈数", "Rounds walked", "", ""),
    ("rounds_short", "未完成计划（路线·天）", "Short of the plan (route·day)", "", ""),
    ("vacant_units", "空置房（当前）", "Vacant units (now)", "", ""),
    ("vacant_checks", "空置房巡查（次）", "Vacant-unit checks", "", ""),
    ("vacant_late", "空置房逾期未查", "Vacant units checked late", "", ""),
    ("patrol_findings", "发现问题的巡查", "Patrols with a finding", "", ""),
    ("patrol_tickets", "由巡查生成的工单", "Tickets raised from patrols", "", ""),
    (
        "announcements",
        "通知公告",
        "Notices",
        "本期批准的给业主的通知（工作联络单不计）；住户数为各通知对象户数之和，已阅为其中确认已阅的户数",
        "Notices to homes approved in the period (liaison notes not counted); homes are each notice's homes added up, read those of them that confirmed",
    ),
    ("announce_approved", "批准发布", "Approved", "", ""),
    ("announce_posted", "已张贴", "Posted", "", ""),
    ("announce_homes", "通知住户（户次）", "Homes addressed (home·notice)", "", ""),
    ("announce_read", "确认已阅（户次）", "Confirmed read (home·notice)", "", ""),
    ("announce_read_rate", "已阅率（%）", "Read (%)", "", ""),
    ("announce_due_down", "到期未撤下（当前）", "Expired, still up (now)", "", ""),
    (
        "surveys",
        "满意度调查",
        "Satisfaction surveys",
        "本期内任何一天开放的调查；参与率为已填写户数÷调查户数；达标楼栋为参与率不低于 70% 的楼栋；满意率为评分题中 4–5 星的比例",
        "Surveys open on any day of the period; response rate is homes answered ÷ homes asked; buildings on target reached 70 %; satisfied is the share of ratings at 4–5 stars",
    ),
    ("surveys_run", "进行的调查", "Surveys run", "", ""),
    ("survey_homes", "调查户数", "Homes asked", "", ""),
    ("survey_answered", "已填写户数", "Homes answered", "", ""),
    ("survey_response_rate", "参与率（%）", "Response rate (%)", "", ""),
    ("survey_buildings_met", "达到 70% 的楼栋", "Buildings at 70 %", "", ""),
    ("survey_buildings_short", "未达 70% 的楼栋", "Buildings short of 70 %", "", ""),
    ("survey_satisfied_rate", "满意率（%）", "Satisfied (%)", "", ""),
    ("arrears", "欠费催缴（当前仍欠费，按阶段）", "Arrears (owing now, by stage)", "", ""),
    ("arrears_payment_notice", "缴费通知", "Payment notice", "", ""),
    ("arrears_reminder_notice", "催缴通知书", "Reminder notice", "", ""),
    ("arrears_deadline_notice", "限期缴费通知", "Deadline notice", "", ""),
    ("arrears_administrator_visit", "管理员上门", "Administrator's visit", "", ""),
    ("arrears_supervisor_visit", "主管上门", "Supervisor's visit", "", ""),
    ("arrears_manager_decision", "经理决定", "Manager's decision", "", ""),
    ("arrears_recovered", "本期有收款的欠费户", "Units that paid in the period", "", ""),
    (
        "arrears_recovered_amount",
        "本期收回欠费（元）",
        "Arrears recovered in the period (yuan)",
        "按财务导入所列欠费收款计；对账单收缴率需要账单数据，本系统暂不具备",
        "Receipts against the arrears finance listed; a collection rate against billing needs billing data this product does not hold",
    ),
    (
        "weekly_by_building",
        "按楼栋每周受理",
        "Received per building, week by week",
        "周一至周日；列为每周（在统计期间内）的第一天，首尾两周按统计期间截取；公共区域计为 -",
        "Monday to Sunday; each column is the week's first day in the period, the first and last weeks cut at its ends; common areas count as -",
    ),
    ("col_building", "楼栋（列：每周起始日）", "Building (columns: week from)", "", ""),
    ("col_name", "姓名", "Name", "", ""),
    ("col_tickets", "单数", "Tickets", "", ""),
    ("col_on_time", "全部按时/有时限", "All limits met / timed", "", ""),
    ("col_satisfied", "首次回访满意/已回访", "Satisfied / visited", "", ""),
    ("col_reopened", "重开", "Reopened", "", ""),
    ("col_department", "部门", "Department", "", ""),
    ("col_dispatched", "派单", "Sent", "", ""),
    ("col_accepted", "接单", "Accepted", "", ""),
    ("col_arrival", "20分钟内到场", "On site in 20 min", "", ""),
    ("col_completed", "完工", "Completed", "", ""),
    ("col_labour", "人工费（元）", "Labour (yuan)", "", ""),
    ("col_material", "材料费（元）", "Material (yuan)", "", ""),
    ("col_number", "工单号", "Ticket", "", ""),
    ("col_category", "类别", "Category", "", ""),
    ("col_cause", "原因", "Cause", "", ""),
    ("col_corrective", "纠正措施", "Corrective action", "", ""),
    ("col_preventive", "预防措施", "Preventive action", "", ""),
    (
        "paid",
        "有偿服务",
        "Paid services",
        "已完工的单数、人工费、材料费（元）",
        "Completed, labour and material fees (yuan)",
    ),
    ("by_kind", "按类型", "By kind", "", ""),
    ("by_category", "按类别", "By category", "", ""),
    ("by_department", "按部门", "By department", "", ""),
    ("by_channel", "按来源", "By channel", "", ""),
    ("by_building", "按楼栋", "By building", "公共区域计为 -", "Common areas count as -"),
    ("per_day", "每日受理", "Received per day", "", ""),
    ("complaint", "投诉", "Complaint", "", ""),
    ("repair", "报修", "Repair", "", ""),
    ("paid_service", "有偿服务", "Paid service", "", ""),
    ("inquiry", "咨询", "Inquiry", "", ""),
    ("suggestion", "建议", "Suggestion", "", ""),
    ("help", "求助", "Help", "", ""),
    ("emergency", "紧急求援", "Emergency", "", ""),
    ("walk_in", "来访", "Walk-in", "", ""),
    ("phone", "来电", "Phone", "", ""),
    ("patrol_finding", "巡查发现", "Patrol finding", "", ""),
    ("online", "网上", "Online", "", ""),
    ("customer_service", "客服部", "Customer service", "", ""),
    ("engineering", "工程部", "Engineering", "", ""),
    ("security", "保安部", "Security", "", ""),
    ("cleaning", "清洁部", "Cleaning", "", ""),
    ("landscaping", "绿化部", "Landscaping", "", ""),
];

/// The report page's own words (the server draws the page): `(key, Chinese, English)`.
const PAGE: &[(&str, &str, &str)] = &[
    ("figure", "指标", "Figure"),
    ("period", "统计期间：{days}（{n} 天）", "Period: {days} ({n} days)"),
    ("this_period", "本期", "This period"),
    ("previous", "上期", "Period before"),
    ("year_before", "去年同期", "A year before"),
    ("minutes", "中位 {median} 分钟 · 90% 在 {p90} 分钟内", "median {median} min · 90% within {p90} min"),
    ("late", "{n} 单未达标", "{n} not met"),
    ("rates_chart", "时限达标率", "Time limits met"),
    ("close", "结账（月结）", "Close the month"),
    (
        "close_intro",
        "本月已结束。结账后，本月数字连同其所依据记录的摘要一并保存，并与上一个结账月份链接；此后任何补录或更正都会在此显示。",
        "This month is over. Closing keeps its figures with a digest of the records behind them, linked to the month closed before; any late or corrected record afterwards shows here.",
    ),
    ("closed", "已结账：{by} · {at} · 摘要 {digest}…", "Closed by {by} · {at} · digest {digest}…"),
    ("unchanged", "结账后所依据的记录没有变动。", "The records behind it have not changed since the close."),
    (
        "changed",
        "结账后有记录变动（补录或更正），以下数字与结账时不同：",
        "Records changed after the close (late or corrected); these figures differ from the close:",
    ),
    ("changed_count", "查看变动的 {n} 张工单", "See the {n} tickets that changed"),
    ("changed_tickets", "结账后变动的工单", "Tickets changed since the close"),
];

/// A word of the report page.
pub fn page(key: &str, english: bool) -> &'static str {
    PAGE.iter().find(|w| w.0 == key).map_or("", |w| if english { w.2 } else { w.1 })
}

/// A figure's or a value's name; a category by its own words; anything else (a building,
/// a word typed at the desk) as it is.
pub fn name(key: &str, english: bool) -> String {
    if let Some(f) = FIGURES.iter().find(|f| f.0 == key) {
        return (if english { f.2 } else { f.1 }).to_string();
    }
    match crate::ticket::category::find(key) {
        Some(c) => (if english { c.en } else { c.zh }).to_string(),
        None => key.to_string(),
    }
}

/// How a figure is counted, one line (empty for a plain group).
pub fn how(key: &str, english: bool) -> &'static str {
    FIGURES.iter().find(|f| f.0 == key).map_or("", |f| if english { f.4 } else { f.3 })
}

pub fn zh(key: &str) -> String {
    name(key, false)
}

pub fn en(key: &str) -> String {
    name(key, true)
}

/// The CSV's own words.
pub fn csv_words(english: bool) -> super::export::Words {
    if english {
        super::export::Words {
            figure: "Figure",
            period: "Period",
            previous: "Previous",
            year_before: "A year before",
            received: "Tickets received",
            met_of: "met (of counted)",
            median: "median minutes",
            p90: "90th percentile minutes",
            name: en,
        }
    } else {
        super::export::Words {
            figure: "指标",
            period: "本期",
            previous: "上期",
            year_before: "去年同期",
            received: "受理工单",
            met_of: "达标（达标数/统计数）",
            median: "中位数（分钟）",
            p90: "90百分位（分钟）",
            name: zh,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_figure_the_report_computes_has_words_in_both_languages() {
        for key in [
            "arrival",
            "reply",
            "appointment",
            "completion",
            "plan",
            "effective_complaints",
            "return_visits",
            "satisfaction",
            "reopened",
        ] {
            assert_ne!(super::zh(key), key);
            assert!(!super::how(key, true).is_empty() && !super::how(key, false).is_empty(), "{key}");
        }
        assert_eq!(super::en("plumbing"), crate::ticket::category::find("plumbing").unwrap().en);
        assert_eq!(super::zh("3栋"), "3栋");
    }
}
