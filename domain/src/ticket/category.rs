//! The built-in categories of each kind of ticket, in both languages: the intake form
//! offers a kind's own list (a complaint never starts as 水路). The category travels as its
//! Chinese name, so a ticket reads the same on every device; English is looked up.

use super::TicketKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    pub zh: &'static str,
    pub en: &'static str,
}

const fn c(zh: &'static str, en: &'static str) -> Category {
    Category { zh, en }
}

const OTHER: Category = c("其他", "Other");

const REPAIR: &[Category] = &[
    c("水路", "Plumbing"),
    c("电路", "Electrical"),
    c("门窗", "Doors and windows"),
    c("电梯", "Lift"),
    c("公共照明", "Public lighting"),
    c("排水/堵塞", "Drain blocked"),
    c("墙面/空鼓", "Wall / hollow plaster"),
    c("防水/渗水", "Leak / waterproofing"),
    c("门禁/对讲", "Access control / intercom"),
    c("消防设施", "Fire equipment"),
    OTHER,
];

const PAID_SERVICE: &[Category] = &[
    c("水路", "Plumbing"),
    c("电路", "Electrical"),
    c("门窗", "Doors and windows"),
    c("排水/堵塞", "Drain blocked"),
    c("家电安装", "Appliance installation"),
    c("保洁", "Cleaning"),
    OTHER,
];

const EMERGENCY: &[Category] = &[
    c("爆管/水浸", "Burst pipe / flooding"),
    c("停电", "Power cut"),
    c("电梯困人", "Person trapped in lift"),
    c("火警/烟感", "Fire / smoke alarm"),
    c("燃气泄漏", "Gas leak"),
    OTHER,
];

const HELP: &[Category] = &[
    c("开门求助", "Locked out"),
    c("搬运协助", "Help carrying"),
    c("老人/病人协助", "Help for the elderly or sick"),
    OTHER,
];

const COMPLAINT: &[Category] = &[
    c("服务态度", "Staff attitude"),
    c("维修质量", "Repair quality"),
    c("噪音", "Noise"),
    c("卫生", "Cleanliness"),
    c("安全", "Safety"),
    c("停车", "Parking"),
    c("装修扰民", "Decoration disturbance"),
    c("邻里纠纷", "Neighbour dispute"),
    c("收费", "Fees"),
    c("绿化", "Landscaping"),
    OTHER,
];

const INQUIRY: &[Category] =
    &[c("收费", "Fees"), c("办事流程", "Procedures"), c("装修", "Decoration"), c("停车", "Parking"), OTHER];

const SUGGESTION: &[Category] =
    &[c("服务", "Service"), c("环境", "Environment"), c("设施", "Facilities"), c("安全", "Safety"), OTHER];

/// The categories the intake form offers for `kind`, the first being the default.
pub fn categories(kind: TicketKind) -> &'static [Category] {
    match kind {
        TicketKind::Repair => REPAIR,
        TicketKind::PaidService => PAID_SERVICE,
        TicketKind::Emergency => EMERGENCY,
        TicketKind::Help => HELP,
        TicketKind::Complaint => COMPLAINT,
        TicketKind::Inquiry => INQUIRY,
        TicketKind::Suggestion => SUGGESTION,
    }
}

/// A category's English name, if it is a built-in one; anything else as written.
pub fn english(zh: &str) -> Option<&'static str> {
    [REPAIR, PAID_SERVICE, EMERGENCY, HELP, COMPLAINT, INQUIRY, SUGGESTION]
        .into_iter()
        .flatten()
        .chain([&c("巡查发现", "Patrol finding")])
        .find(|c| c.zh == zh)
        .map(|c| c.en)
}

/// The category to keep when the kind changes: the same one if the new kind offers it,
/// else the new kind's first.
pub fn keep_or_default(kind: TicketKind, current: &str) -> &'static str {
    let list = categories(kind);
    list.iter().find(|c| c.zh == current).unwrap_or(&list[0]).zh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_offers_its_own_categories() {
        let zh = |k| categories(k).iter().map(|c| c.zh).collect::<Vec<_>>();
        assert!(!zh(TicketKind::Complaint).contains(&"水路"));
        assert_eq!(zh(TicketKind::Complaint)[0], "服务态度");
        assert!(zh(TicketKind::Repair).contains(&"防水/渗水"));
        assert_eq!(keep_or_default(TicketKind::Complaint, "水路"), "服务态度");
        assert_eq!(keep_or_default(TicketKind::PaidService, "水路"), "水路");
        assert_eq!(english("电梯困人"), Some("Person trapped in lift"));
        assert_eq!(english("巡查发现"), Some("Patrol finding"));
        assert_eq!(english("自定义"), None);
    }
}
