//! Tickets in a period: how many, of what, from where, and how timely — each time limit a
//! rate with its counts, the median and 90th percentile of the time taken (paused time not
//! counted where the limit pauses), and the late tickets behind it.

pub use super::limits::TicketInput;
use super::limits::{appointment, arrival, completion, first, plan, reply};
use super::{Count, Period, Rate, counts, rate};
use crate::clock::Timestamp;
use crate::ticket::TicketKind;
use crate::ticket::lifecycle::{Action, VisitMethod};
use crate::ticket::record::Step;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// `part` of `whole` records (visited of completed, valid of judged); `ids` are the part,
/// `rest` the others (the drill-down either way).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub key: String,
    pub part: usize,
    pub whole: usize,
    pub ids: Vec<String>,
    pub rest: Vec<String>,
}

/// 有偿服务: how many were completed and what they charged (fen).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaidServices {
    pub completed: usize,
    pub labour_fee: u64,
    pub material_fee: u64,
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketFigures {
    pub period: Period,
    /// Tickets received in the period (by the property's day they came in).
    pub received: usize,
    pub by_kind: Vec<Count>,
    pub by_category: Vec<Count>,
    pub by_department: Vec<Count>,
    pub by_channel: Vec<Count>,
    pub by_building: Vec<Count>,
    /// Received per day, every day of the period.
    pub per_day: Vec<(NaiveDate, usize)>,
    /// `arrival`, `reply`, `appointment`, `completion`, `plan`.
    pub rates: Vec<Rate>,
    /// `effective_complaints`, `return_visits`, `satisfaction`, `reopened`.
    pub shares: Vec<Share>,
    pub escalated: Count,
    pub paid: PaidServices,
    /// The time limits the rules escalated, by limit (`escalated_arrival`…).
    #[serde(default)]
    pub escalated_by_rules: Vec<Count>,
    /// Per first-responsible person, and per department sent to.
    #[serde(default)]
    pub people: Vec<super::accountability::Person>,
    #[serde(default)]
    pub departments: Vec<super::accountability::DepartmentRow>,
    /// The valid complaints' case analyses (纠正/预防措施).
    #[serde(default)]
    pub analyses: Vec<super::accountability::Analysed>,
    /// Received per building, week by week (the building administrator's weekly count).
    #[serde(default)]
    pub weekly_by_building: Vec<BuildingWeeks>,
}

/// One building's tickets received, week by week: Monday to Sunday, the first and the last
/// week cut at the period's ends; each [`Count`] keyed by its week's first day in the
/// period, every week of the period present (empty ones too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildingWeeks {
    pub building: String,
    pub weeks: Vec<Count>,
}

impl BuildingWeeks {
    /// Every ticket of the building in the period.
    pub fn ids(&self) -> Vec<String> {
        self.weeks.iter().flat_map(|w| w.ids.iter().cloned()).collect()
    }
}

/// The first day in `period` of each week (Mondays, and the period's first day).
pub fn week_starts(period: Period) -> Vec<NaiveDate> {
    use chrono::Datelike;
    period.each_day().filter(|d| *d == period.from || d.weekday() == chrono::Weekday::Mon).collect()
}

fn weekly_by_building(period: Period, ins: &[&TicketInput]) -> Vec<BuildingWeeks> {
    let starts = week_starts(period);
    let mut by: std::collections::BTreeMap<String, Vec<Vec<String>>> = std::collections::BTreeMap::new();
    for t in ins {
        let week = starts.partition_point(|s| *s <= t.ticket.created_at.local_day()).saturating_sub(1);
        by.entry(building(&t.ticket.unit)).or_insert_with(|| vec![Vec::new(); starts.len()])[week]
            .push(t.id.to_string());
    }
    by.into_iter()
        .map(|(building, weeks)| BuildingWeeks {
            building,
            weeks: starts
                .iter()
                .zip(weeks)
                .map(|(s, ids)| Count { key: s.to_string(), count: ids.len(), ids })
                .collect(),
        })
        .collect()
}

/// The ticket figures of `period` over `tickets` (any order: the figures do not depend on
/// it), as of `now` (an open ticket already past its limit counts as late).
pub fn figures(period: Period, tickets: &[TicketInput], now: DateTime<Utc>) -> TicketFigures {
    let mut ins: Vec<&TicketInput> =
        tickets.iter().filter(|t| period.contains(t.ticket.created_at.local_day())).collect();
    ins.sort_by(|a, b| a.id.cmp(b.id));
    let per_day = period
        .each_day()
        .map(|d| (d, ins.iter().filter(|t| t.ticket.created_at.local_day() == d).count()))
        .collect();
    TicketFigures {
        period,
        received: ins.len(),
        by_kind: counts(ins.iter().map(|t| (key(&t.ticket.kind), t.id))),
        by_category: counts(ins.iter().map(|t| (t.ticket.category.clone(), t.id))),
        by_department: counts(ins.iter().filter_map(|t| t.ticket.department.map(|d| (key(&d), t.id)))),
        by_channel: counts(ins.iter().map(|t| (key(&t.ticket.channel), t.id))),
        by_building: counts(ins.iter().map(|t| (building(&t.ticket.unit), t.id))),
        per_day,
        rates: vec![
            rate("arrival", ins.iter().filter_map(|t| arrival(t, now)).collect()),
            rate("reply", ins.iter().filter_map(|t| reply(t, now)).collect()),
            rate("appointment", ins.iter().filter_map(|t| appointment(t, now)).collect()),
            rate("completion", ins.iter().filter_map(|t| completion(t, now)).collect()),
            rate("plan", ins.iter().filter_map(|t| plan(t, now)).collect()),
        ],
        shares: shares(&ins),
        escalated: {
            let ids: Vec<String> =
                ins.iter().filter(|t| t.ticket.escalated).map(|t| t.id.to_string()).collect();
            Count { key: "escalated".into(), count: ids.len(), ids }
        },
        paid: paid(&ins),
        escalated_by_rules: super::accountability::escalations(&ins),
        people: super::accountability::people(&ins, now),
        departments: super::accountability::departments(&ins, now),
        analyses: super::accountability::analyses(&ins),
        weekly_by_building: weekly_by_building(period, &ins),
    }
}

/// An enum value by its stored (snake_case) name, the key screens translate.
fn key<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The building of a unit (`3栋-1502` → `3栋`); a common place counts as `-`.
fn building(unit: &str) -> String {
    match crate::property::parse_unit(unit) {
        Some(label) => label.rsplit_once('-').map_or(label.clone(), |(b, _)| b.to_string()),
        None => "-".to_string(),
    }
}

fn share(key: &str, whole: &[&TicketInput], part: impl Fn(&TicketInput) -> bool) -> Share {
    let (ids, rest): (Vec<&&TicketInput>, Vec<&&TicketInput>) = whole.iter().partition(|t| part(t));
    Share {
        key: key.into(),
        part: ids.len(),
        whole: whole.len(),
        ids: ids.iter().map(|t| t.id.to_string()).collect(),
        rest: rest.iter().map(|t| t.id.to_string()).collect(),
    }
}

/// The staff's return visits (by phone or on site; an owner's own rating is not one), in
/// the order they were made: whether the owner was satisfied at each.
fn visits(t: &TicketInput) -> impl Iterator<Item = bool> {
    let mut made: Vec<(&Timestamp, bool)> = t
        .events
        .iter()
        .filter_map(|e| match &e.step {
            Step::Acted(Action::ReturnVisit {
                satisfied,
                method: VisitMethod::Phone | VisitMethod::OnSite,
                ..
            }) => Some((&e.at, *satisfied)),
            _ => None,
        })
        .collect();
    made.sort_by(|a, b| a.0.cmp(b.0));
    made.into_iter().map(|(_, satisfied)| satisfied)
}

fn was_completed(t: &TicketInput) -> bool {
    t.ticket.completed_at.is_some()
        || first(t.events, |s| matches!(s, Step::Acted(Action::Answer { .. } | Action::Complete { .. })))
            .is_some()
}

fn shares(ins: &[&TicketInput]) -> Vec<Share> {
    let judged: Vec<&TicketInput> = ins
        .iter()
        .copied()
        .filter(|t| t.ticket.kind == TicketKind::Complaint && t.ticket.valid.is_some())
        .collect();
    let completed: Vec<&TicketInput> = ins.iter().copied().filter(|t| was_completed(t)).collect();
    let visited: Vec<&TicketInput> =
        completed.iter().copied().filter(|t| visits(t).next().is_some()).collect();
    vec![
        share("effective_complaints", &judged, |t| t.ticket.valid == Some(true)),
        share("return_visits", &completed, |t| visits(t).next().is_some()),
        // Satisfied at the first return visit (a reopened ticket's later visit does not
        // wash out the first answer).
        share("satisfaction", &visited, |t| visits(t).next() == Some(true)),
        share("reopened", &completed, |t| t.ticket.reopen_count > 0),
    ]
}

fn paid(ins: &[&TicketInput]) -> PaidServices {
    let done: Vec<&&TicketInput> = ins
        .iter()
        .filter(|t| t.ticket.kind == TicketKind::PaidService && t.ticket.completed_at.is_some())
        .collect();
    PaidServices {
        completed: done.len(),
        labour_fee: done.iter().map(|t| t.ticket.labour_fee).sum(),
        material_fee: done.iter().map(|t| t.ticket.material_fee).sum(),
        ids: done.iter().map(|t| t.id.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::lifecycle::TicketStatus;
    use crate::ticket::record::{Ticket, TicketEvent};
    use crate::ticket::sla::Pause;
    use crate::ticket::{Channel, Department, RepairScope, Urgency};

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// A repair received at `created` (UTC) on 2026-11-10.
    fn repair(created: &str) -> Ticket {
        Ticket {
            number: None,
            kind: TicketKind::Repair,
            scope: Some(RepairScope::InHome),
            unit: "3栋-1502".into(),
            reporter: "张先生".into(),
            contact_phone: "13812345678".into(),
            category: "plumbing".into(),
            urgency: Urgency::Normal,
            channel: Channel::Phone,
            description: "漏水".into(),
            internal_note: String::new(),
            first_responsible: 7,
            first_responsible_name: "王小红".into(),
            department: Some(Department::Engineering),
            status: TicketStatus::Received,
            reopen_count: 0,
            created_at: t(created),
            reply_by: None,
            appointment: None,
            dispatched_at: None,
            on_site_at: None,
            completed_at: None,
            valid: None,
            escalated: false,
            plan: None,
            labour_fee: 0,
            material_fee: 0,
            pauses: Vec::new(),
            owner_token_hash: None,
            owner_confirmation: None,
            late_explained_at: None,
            promised_completion: None,
            photos: Vec::new(),
            escalations: Vec::new(),
            review: None,
            case_analysis: None,
        }
    }

    fn event(id: &str, at: &str, step: Step) -> TicketEvent {
        TicketEvent {
            ticket_id: id.into(),
            at: t(at),
            by: 7,
            by_name: "王小红".into(),
            role: None,
            step,
            status: TicketStatus::Closed,
            note: None,
        }
    }

    fn visit(id: &str, at: &str, satisfied: bool) -> TicketEvent {
        event(
            id,
            at,
            Step::Acted(Action::ReturnVisit { satisfied, note: String::new(), method: VisitMethod::Phone }),
        )
    }

    /// November 2026, worked out by hand:
    /// - a: dispatched 02:00, on site 02:15 → 15 min, on time; completed, visited, satisfied.
    /// - b: dispatched 02:00, paused 02:05–03:05 (owner away), on site 03:20 → 20 running
    ///   minutes: on time (80 on the wall clock); completed, visited, unsatisfied, reopened.
    /// - c: dispatched 02:00, on site 02:45 → 45 min, late; appointment 02:30 → 15 min late;
    ///   promised completion 05:00, completed 04:00 → kept; completed, not visited.
    /// - d: dispatched 02:00, not on site at "now" 03:00 → 60 min and open: late.
    /// - e: a complaint, escalated, received 11-10 15:50 UTC (23:50 local), plan recorded
    ///   11-11 15:00 UTC (23:00 local the next day) → on time; valid; reply by 11-11
    ///   00:00 UTC answered 11-11 01:00 → late by the reply time; public place, no building.
    /// - f: paid service received 2026-10-31 (October): not counted in November.
    /// - g: paid service on 11-12, completed, 5,000 + 1,200 fen.
    #[test]
    fn a_month_worked_out_by_hand() {
        let mut a = repair("2026-11-10T01:55:00Z");
        a.dispatched_at = Some(t("2026-11-10T02:00:00Z"));
        a.on_site_at = Some(t("2026-11-10T02:15:00Z"));
        a.completed_at = Some(t("2026-11-10T03:00:00Z"));
        let mut b = a.clone();
        b.on_site_at = Some(t("2026-11-10T03:20:00Z"));
        b.pauses = vec![Pause {
            from: "2026-11-10T02:05:00Z".parse().unwrap(),
            until: Some("2026-11-10T03:05:00Z".parse().unwrap()),
            reason: "业主不在家".into(),
        }];
        b.reopen_count = 1;
        b.unit = "1栋-201".into();
        let mut c = a.clone();
        c.on_site_at = Some(t("2026-11-10T02:45:00Z"));
        c.appointment = Some("2026-11-10T02:30:00Z".into());
        c.promised_completion = Some("2026-11-10T05:00:00Z".into());
        c.completed_at = Some(t("2026-11-10T04:00:00Z"));
        c.channel = Channel::WalkIn;
        let mut d = repair("2026-11-10T01:55:00Z");
        d.dispatched_at = Some(t("2026-11-10T02:00:00Z"));
        let mut e = repair("2026-11-10T15:50:00Z");
        e.kind = TicketKind::Complaint;
        e.scope = None;
        e.category = "noise".into();
        e.escalated = true;
        e.valid = Some(true);
        e.unit = "1栋大堂".into();
        e.department = None;
        e.reply_by = Some("2026-11-11T00:00:00Z".into());
        let mut f = repair("2026-10-31T10:00:00Z");
        f.kind = TicketKind::PaidService;
        f.completed_at = Some(t("2026-10-31T12:00:00Z"));
        f.labour_fee = 9_999;
        let mut g = repair("2026-11-12T01:00:00Z");
        g.kind = TicketKind::PaidService;
        g.completed_at = Some(t("2026-11-12T03:00:00Z"));
        g.labour_fee = 5_000;
        g.material_fee = 1_200;
        let ea = [visit("a", "2026-11-11T02:00:00Z", true)];
        let eb = [visit("b", "2026-11-11T02:00:00Z", false), visit("b", "2026-11-12T02:00:00Z", true)];
        let ee = [
            event("e", "2026-11-11T15:00:00Z", Step::PlanRecorded { plan: "约谈施工方".into() }),
            event("e", "2026-11-11T01:00:00Z", Step::Acted(Action::Answer { reply: "已处理".into() })),
        ];
        let input = |id, ticket, events| TicketInput { id, ticket, events };
        let all = [
            input("a", &a, &ea[..]),
            input("b", &b, &eb[..]),
            input("c", &c, &[][..]),
            input("d", &d, &[][..]),
            input("e", &e, &ee[..]),
            input("f", &f, &[][..]),
            input("g", &g, &[][..]),
        ];
        let nov = Period::month("2026-11").unwrap();
        let now = t("2026-11-10T03:00:00Z").utc();
        let r = figures(nov, &all, now);
        assert_eq!(r.received, 6);
        // November 2026 starts on a Sunday: six weeks, the first one day long.
        let three = r.weekly_by_building.iter().find(|b| b.building == "3栋").unwrap();
        let weeks: Vec<(&str, usize)> = three.weeks.iter().map(|w| (w.key.as_str(), w.count)).collect();
        let want = [
            ("2026-11-01", 0),
            ("2026-11-02", 0),
            ("2026-11-09", 4),
            ("2026-11-16", 0),
            ("2026-11-23", 0),
            ("2026-11-30", 0),
        ];
        assert_eq!(weeks, want);
        assert_eq!(
            r.weekly_by_building.iter().map(|b| b.building.as_str()).collect::<Vec<_>>(),
            ["-", "1栋", "3栋"]
        );
        let rate = |k: &str| r.rates.iter().find(|x| x.key == k).unwrap().clone();
        let arrival = rate("arrival");
        assert_eq!(
            (arrival.met, arrival.counted, arrival.late.clone()),
            (2, 4, vec!["c".to_string(), "d".to_string()])
        );
        assert_eq!(
            (arrival.median_minutes, arrival.p90_minutes),
            (Some(20), Some(60)),
            "15, 20, 45, 60: paused time not counted"
        );
        let appointment = rate("appointment");
        assert_eq!((appointment.met, appointment.counted, appointment.median_minutes), (0, 1, Some(15)));
        let completion = rate("completion");
        assert_eq!((completion.met, completion.counted), (1, 1));
        let plan = rate("plan");
        assert_eq!((plan.met, plan.counted, plan.median_minutes), (1, 1, Some(23 * 60 + 10)));
        let reply = rate("reply");
        assert_eq!((reply.met, reply.counted, reply.late), (0, 1, vec!["e".to_string()]));
        let share = |k: &str| r.shares.iter().find(|x| x.key == k).unwrap().clone();
        assert_eq!((share("effective_complaints").part, share("effective_complaints").whole), (1, 1));
        let visits = share("return_visits");
        assert_eq!(
            (visits.part, visits.whole, visits.rest),
            (2, 5, vec!["c".to_string(), "e".to_string(), "g".to_string()])
        );
        assert_eq!(
            (share("satisfaction").part, share("satisfaction").whole),
            (1, 2),
            "b's first answer stands"
        );
        assert_eq!((share("reopened").part, share("reopened").ids.clone()), (1, vec!["b".to_string()]));
        assert_eq!(r.escalated.ids, vec!["e".to_string()]);
        assert_eq!((r.paid.completed, r.paid.labour_fee, r.paid.material_fee), (1, 5_000, 1_200));
        let count = |v: &[Count], k: &str| v.iter().find(|c| c.key == k).map_or(0, |c| c.count);
        assert_eq!(
            (count(&r.by_kind, "repair"), count(&r.by_kind, "complaint"), count(&r.by_kind, "paid_service")),
            (4, 1, 1)
        );
        assert_eq!(
            (count(&r.by_building, "3栋"), count(&r.by_building, "1栋"), count(&r.by_building, "-")),
            (4, 1, 1)
        );
        assert_eq!(count(&r.by_channel, "walk_in"), 1);
        assert_eq!(r.per_day.len(), 30);
        let day = |d: &str| r.per_day.iter().find(|(x, _)| x.to_string() == d).unwrap().1;
        assert_eq!(
            (day("2026-11-10"), day("2026-11-11"), day("2026-11-12")),
            (5, 0, 1),
            "e came in at 23:50 local time on the 10th"
        );
        // Whatever order the records come in, the same figures.
        for turn in 1..all.len() {
            let mut shuffled: Vec<TicketInput> =
                all.iter().map(|x| input(x.id, x.ticket, x.events)).collect();
            shuffled.rotate_left(turn);
            if turn % 2 == 0 {
                shuffled.reverse();
            }
            assert_eq!(figures(nov, &shuffled, now), r, "turn {turn}");
        }
        let mut eb_reversed = eb.to_vec();
        eb_reversed.reverse();
        let again = [input("b", &b, &eb_reversed[..])];
        assert_eq!(
            figures(nov, &again, now).shares[2].part,
            0,
            "the first visit by its time, whatever the timeline's order"
        );
    }
}
