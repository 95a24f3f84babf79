//! The owner's page in the owner's language: Chinese first, English when asked for.
//! Owner-facing wording of steps (what happened, said to the owner), separate from the
//! staff app's labels: the owner reads "处理人员已到场", not the desk's "到场".

use steward_domain::ticket::TicketKind;
use steward_domain::ticket::lifecycle::TicketStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Chinese first, as the receipt and the desk speak it; English when the owner picks it
    /// (`?lang=en`, the page's own link carries it on).
    pub fn choose(query: Option<&str>) -> Lang {
        if query == Some("en") { Lang::En } else { Lang::Zh }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    pub(super) fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The page's fixed words.
pub enum W {
    Title,
    LookupTitle,
    LookupIntro,
    Number,
    NumberHint,
    Phone,
    PhoneHint,
    Find,
    Kind,
    Unit,
    Description,
    Reported,
    Appointment,
    Promised,
    Fees,
    Labour,
    Material,
    Responsible,
    Reception,
    ClosedReason,
    Progress,
    RateTitle,
    Comment,
    Satisfied,
    Unsatisfied,
    Thanks,
    NotFound,
    LinkNotFound,
    Throttled,
    BadNumber,
    NeedsComment,
    AlreadyRated,
    Hotline,
    OtherLanguage,
    LookupLink,
    Failed,
}

pub fn word(lang: Lang, w: W) -> &'static str {
    use W::*;
    match w {
        Title => lang.pick("工单进度", "Ticket progress"),
        LookupTitle => lang.pick("业主查询工单进度", "Check your ticket"),
        LookupIntro => lang.pick(
            "请输入回执上的工单号和报事时留下的手机号。",
            "Enter the ticket number on your receipt and the phone number you gave.",
        ),
        Number => lang.pick("工单号", "Ticket number"),
        NumberHint => lang.pick("如 T2612-0042", "e.g. T2612-0042"),
        Phone => lang.pick("手机号", "Phone number"),
        PhoneHint => lang.pick("报事时留下的号码", "The number you gave when reporting"),
        Find => lang.pick("查询", "Look up"),
        Kind => lang.pick("类别", "Type"),
        Unit => lang.pick("房号", "Unit"),
        Description => lang.pick("报事内容", "What you reported"),
        Reported => lang.pick("受理时间", "Received at"),
        Appointment => lang.pick("预约上门", "Appointment"),
        Promised => lang.pick("约定完成时间", "Agreed completion"),
        Fees => lang.pick("费用", "Fees"),
        Labour => lang.pick("人工费", "Labour"),
        Material => lang.pick("材料费", "Materials"),
        Responsible => lang.pick("首问负责人", "Your contact"),
        Reception => lang.pick("客服", "Customer service"),
        ClosedReason => lang.pick("结案说明", "Why it was closed"),
        Progress => lang.pick("处理进度", "Progress"),
        RateTitle => lang.pick("请您评价本次服务", "How did we do?"),
        Comment => lang.pick("意见（不满意请说明原因）", "Comment (if unsatisfied, please say why)"),
        Satisfied => lang.pick("满意", "Satisfied"),
        Unsatisfied => lang.pick("不满意", "Not satisfied"),
        Thanks => lang.pick("感谢您的评价。", "Thank you for your rating."),
        NotFound => lang.pick(
            "未找到该工单：请核对工单号和手机号。",
            "No ticket matches: please check the ticket number and the phone number.",
        ),
        LinkNotFound => lang.pick(
            "未找到该工单：链接可能已作废。可凭工单号和手机号查询，或致电客服。",
            "No such ticket: the link may have been revoked. Look it up by number and phone, or call us.",
        ),
        Throttled => lang.pick("查询过于频繁", "Too many lookups"),
        BadNumber => lang.pick("工单号格式应如 T2612-0042", "A ticket number looks like T2612-0042"),
        NeedsComment => lang.pick(
            "不满意时请写下原因，我们会再次处理。",
            "Please say why you are not satisfied, so we can put it right.",
        ),
        AlreadyRated => {
            lang.pick("该工单已评价或尚未完工。", "This ticket was already rated or is not finished yet.")
        }
        Hotline => lang.pick("服务热线", "Service hotline"),
        OtherLanguage => lang.pick("English", "中文"),
        LookupLink => lang.pick("凭工单号和手机号查询", "Look up by number and phone"),
        Failed => lang.pick(
            "暂时无法查询，请稍后再试或致电客服。",
            "We cannot look this up now; please try later or call us.",
        ),
    }
}

pub fn minutes(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Zh => format!("请在 {} 分钟后再试", n.div_ceil(60).max(1)),
        Lang::En => format!("try again in {} min", n.div_ceil(60).max(1)),
    }
}

pub fn status(lang: Lang, s: TicketStatus) -> &'static str {
    use TicketStatus::*;
    match s {
        Received => lang.pick("已受理", "Received"),
        Dispatched => lang.pick("已派单，等待处理人员接单", "Assigned, waiting for the team"),
        Accepted => lang.pick("处理人员已接单", "Accepted by the team"),
        OnSite => lang.pick("处理人员已到场", "Staff on site"),
        Completed => lang.pick("已完成，待您评价", "Done, waiting for your rating"),
        Closed => lang.pick("已结案", "Closed"),
        Archived => lang.pick("已结案", "Closed"),
    }
}

/// A finished ticket the owner has rated, waiting for the desk's on-site return visit.
pub fn awaiting_visit(lang: Lang) -> &'static str {
    lang.pick("已完成，待客服上门回访", "Done; we will visit to check it with you")
}

pub fn kind(lang: Lang, k: TicketKind) -> &'static str {
    use TicketKind::*;
    match k {
        Complaint => lang.pick("投诉", "Complaint"),
        Repair => lang.pick("报修", "Repair"),
        PaidService => lang.pick("有偿服务", "Paid service"),
        Inquiry => lang.pick("咨询", "Inquiry"),
        Suggestion => lang.pick("建议", "Suggestion"),
        Help => lang.pick("求助", "Help"),
        Emergency => lang.pick("紧急求援", "Emergency"),
    }
}

/// A timeline step as said to the owner (`owner_step`'s names).
pub fn step(lang: Lang, name: &str, by_owner: bool) -> &'static str {
    match name {
        "created" => lang.pick("已受理您的报事", "We received your request"),
        "dispatch" => lang.pick("已安排处理人员", "Assigned to a team"),
        "accept" => lang.pick("处理人员已接单", "The team accepted it"),
        "arrive_on_site" => lang.pick("处理人员已到场", "Staff arrived"),
        "complete" => lang.pick("已完工", "Work completed"),
        "answer" => lang.pick("已答复", "Answered"),
        "return_visit" if by_owner => lang.pick("您的评价", "Your rating"),
        "return_visit" => lang.pick("客服回访", "Follow-up call"),
        "judged_invalid" => lang.pick("经核实，不属有效投诉，已结案", "Closed: not a valid complaint"),
        "late_explained" => lang.pick("已与您约定新的完成时间", "A new completion time was agreed with you"),
        _ => lang.pick("处理中", "In progress"),
    }
}
