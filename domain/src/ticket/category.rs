//! The built-in categories of each kind of ticket: a stable code (what a ticket stores),
//! its name in both languages, and whether the problem needs an on-site return visit. The
//! intake form offers a kind's own list (a complaint never starts as 水路). Tickets written
//! before codes carry the Chinese name; both are looked up, and text that is neither (a
//! category typed elsewhere) is shown as written.

use super::TicketKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// What the ticket stores: `leak`.
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// 回访 on site, not by phone: leaks, large areas of hollow plaster, burst floor
    /// slabs (the manual's list; the desk may also mark any ticket major).
    pub on_site: bool,
}

const fn c(code: &'static str, zh: &'static str, en: &'static str) -> Category {
    Category { code, zh, en, on_site: false }
}

/// A problem the manual sends an on-site return visit for.
const fn on_site(code: &'static str, zh: &'static str, en: &'static str) -> Category {
    Category { code, zh, en, on_site: true }
}

const OTHER: Category = c("other", "其他", "Other");

const REPAIR: &[Category] = &[
    c("plumbing", "水路", "Plumbing"),
    c("electrical", "电路", "Electrical"),
    c("doors_windows", "门窗", "Doors and windows"),
    c("lift", "电梯", "Lift"),
    c("public_lighting", "公共照明", "Public lighting"),
    c("drain", "排水/堵塞", "Drain blocked"),
    c("wall", "墙面", "Walls"),
    on_site("hollow_plaster", "大面积空鼓", "Large area of hollow plaster"),
    on_site("slab_burst", "楼板爆裂", "Burst floor slab"),
    on_site("leak", "防水/渗水", "Leak / waterproofing"),
    c("access_control", "门禁/对讲", "Access control / intercom"),
    c("fire_equipment", "消防设施", "Fire equipment"),
    OTHER,
];

const PAID_SERVICE: &[Category] = &[
    c("plumbing", "水路", "Plumbing"),
    c("electrical", "电路", "Electrical"),
    c("doors_windows", "门窗", "Doors and windows"),
    c("drain", "排水/堵塞", "Drain blocked"),
    c("appliances", "家电安装", "Appliance installation"),
    c("cleaning", "保洁", "Cleaning"),
    OTHER,
];

const EMERGENCY: &[Category] = &[
    c("burst_pipe", "爆管/水浸", "Burst pipe / flooding"),
    c("power_cut", "停电", "Power cut"),
    c("lift_trapped", "电梯困人", "Person trapped in lift"),
    c("fire_alarm", "火警/烟感", "Fire / smoke alarm"),
    c("gas_leak", "燃气泄漏", "Gas leak"),
    OTHER,
];

const HELP: &[Category] = &[
    c("locked_out", "开门求助", "Locked out"),
    c("carrying", "搬运协助", "Help carrying"),
    c("elderly_help", "老人/病人协助", "Help for the elderly or sick"),
    OTHER,
];

const COMPLAINT: &[Category] = &[
    c("staff_attitude", "服务态度", "Staff attitude"),
    c("repair_quality", "维修质量", "Repair quality"),
    c("noise", "噪音", "Noise"),
    c("cleanliness", "卫生", "Cleanliness"),
    c("safety", "安全", "Safety"),
    c("parking", "停车", "Parking"),
    c("decoration_disturbance", "装修扰民", "Decoration disturbance"),
    c("neighbour_dispute", "邻里纠纷", "Neighbour dispute"),
    c("fees", "收费", "Fees"),
    c("landscaping", "绿化", "Landscaping"),
    OTHER,
];

const INQUIRY: &[Category] = &[
    c("fees", "收费", "Fees"),
    c("procedures", "办事流程", "Procedures"),
    c("decoration", "装修", "Decoration"),
    c("parking", "停车", "Parking"),
    OTHER,
];

const SUGGESTION: &[Category] = &[
    c("service", "服务", "Service"),
    c("environment", "环境", "Environment"),
    c("facilities", "设施", "Facilities"),
    c("safety", "安全", "Safety"),
    OTHER,
];

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

/// Categories no form offers any more, still read on older tickets.
const RETIRED: &[Category] = &[c("wall", "墙面/空鼓", "Wall / hollow plaster")];

/// What a patrol's finding is filed as.
pub const PATROL_FINDING: Category = c("patrol_finding", "巡查发现", "Patrol finding");

/// The built-in category a ticket's `category` names, by code or (older tickets) by its
/// Chinese name.
pub fn find(stored: &str) -> Option<&'static Category> {
    [REPAIR, PAID_SERVICE, EMERGENCY, HELP, COMPLAINT, INQUIRY, SUGGESTION, &[PATROL_FINDING], RETIRED]
        .into_iter()
        .flatten()
        .find(|c| c.code == stored || c.zh == stored)
}

/// What a ticket stores for the category chosen as `chosen`: a built-in's code, anything
/// else as written.
pub fn stored(chosen: &str) -> String {
    find(chosen).map_or_else(|| chosen.to_string(), |c| c.code.to_string())
}

/// A category's name in Chinese or English; text that names no built-in, as written.
pub fn label(stored: &str, english: bool) -> &str {
    match find(stored) {
        Some(c) if english => c.en,
        Some(c) => c.zh,
        None => stored,
    }
}

/// A category's English name, if it is a built-in one.
pub fn english(stored: &str) -> Option<&'static str> {
    find(stored).map(|c| c.en)
}

/// The category to keep when the kind changes: the same one if the new kind offers it,
/// else the new kind's first (codes; an older draft's Chinese name is understood).
pub fn keep_or_default(kind: TicketKind, current: &str) -> &'static str {
    let list = categories(kind);
    let current = find(current).map_or(current, |c| c.code);
    list.iter().find(|c| c.code == current).unwrap_or(&list[0]).code
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
        assert_eq!(keep_or_default(TicketKind::Complaint, "plumbing"), "staff_attitude");
        assert_eq!(keep_or_default(TicketKind::PaidService, "plumbing"), "plumbing");
        assert_eq!(keep_or_default(TicketKind::PaidService, "水路"), "plumbing", "an older draft");
        assert_eq!(english("lift_trapped"), Some("Person trapped in lift"));
        assert_eq!(english("巡查发现"), Some("Patrol finding"));
        assert_eq!(english("自定义"), None);
        assert_eq!(label("leak", false), "防水/渗水");
        assert_eq!(label("自定义", true), "自定义");
        assert_eq!(stored("防水/渗水"), "leak");
        assert_eq!(stored("自定义"), "自定义");
    }

    #[test]
    fn codes_are_unique_and_ascii() {
        let all: Vec<_> = [REPAIR, PAID_SERVICE, EMERGENCY, HELP, COMPLAINT, INQUIRY, SUGGESTION]
            .into_iter()
            .flatten()
            .collect();
        for c in &all {
            assert!(c.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", c.code);
            // One code, one meaning, wherever it is offered.
            assert!(all.iter().all(|o| o.code != c.code || (o.zh == c.zh && o.en == c.en)), "{}", c.code);
        }
    }

    /// Every problem the manual sends an on-site return visit for can be chosen at the
    /// counter (楼板爆裂 could not), and 墙面 alone does not.
    #[test]
    fn the_on_site_problems_are_offered_explicitly() {
        let on_site: Vec<_> = REPAIR.iter().filter(|c| c.on_site).map(|c| c.zh).collect();
        assert_eq!(on_site, ["大面积空鼓", "楼板爆裂", "防水/渗水"]);
        assert!(!find("wall").unwrap().on_site);
    }
}
