//! A three-year property for the benchmarks of the month's report (the server's figures in
//! `server/benches/report.rs`, the manager's screen in `tests/benches/report_screen.rs`):
//! 150,000 tickets (about 4,200 a month, 2024-01 to 2026-12) with 4 timeline entries each,
//! 40,000 patrols, 20,000 key loans and 5,000 goods-release slips, written straight into
//! SQLite as the domain's records.

use rusqlite::{Connection, params};

pub const TICKETS: u64 = 150_000;
pub const MONTHS: u64 = 36;

pub fn ticket(created: &str, dispatched: &str, on_site: &str, n: u64) -> String {
    let kind = ["repair", "complaint", "paid_service", "inquiry"][(n % 4) as usize];
    format!(
        r#"{{"number":"T-{n}","kind":"{kind}","scope":null,"unit":"{b}栋-{u}","reporter":"张先生","contact_phone":"13812345678","category":"plumbing","urgency":"normal","channel":"phone","description":"卫生间天花板渗水，请尽快安排师傅上门查看处理","first_responsible":1,"first_responsible_name":"王小红","department":"engineering","status":"closed","reopen_count":0,"created_at":"{created}","reply_by":null,"appointment":null,"dispatched_at":"{dispatched}","on_site_at":"{on_site}","completed_at":"{on_site}","valid":null,"escalated":false,"plan":null,"labour_fee":0,"material_fee":0,"pauses":[],"owner_token_hash":null}}"#,
        b = n % 12 + 1,
        u = 101 + n % 1800,
    )
}

fn event(ticket: &str, at: &str, step: &str) -> String {
    format!(
        r#"{{"ticket_id":"{ticket}","at":"{at}","by":1,"by_name":"王小红","role":"receptionist","step":{step},"status":"closed"}}"#
    )
}

pub const PATROLS: u64 = 40_000;
pub const LOANS: u64 = 20_000;
pub const SLIPS: u64 = 5_000;

/// The other ledgers of three years: patrols (routes), key loans and goods-release slips,
/// spread over the same months, as the domain's records.
fn seed_ledgers(c: &mut Connection, start: chrono::DateTime<chrono::Utc>) {
    use steward_domain::clock::Timestamp;
    use steward_domain::decoration::record::Patrol;
    use steward_domain::keys::record::{Borrower, BorrowerKind, KeyKind, KeyLoan, KeyReturn, LoanStatus};
    use steward_domain::patrol::subject::PatrolSubject;
    use steward_domain::release::issue::Applicant;
    use steward_domain::release::pass::{PassItem, SignedPass, SlipPass};
    use steward_domain::release::record::ReleaseSlip;
    let span = MONTHS * 30 * 24 * 60;
    let at = |n: u64, of: u64| start + chrono::Duration::minutes((n * span / of) as i64);
    let stamp = |t: chrono::DateTime<chrono::Utc>| Timestamp::from_utc(t);
    let tx = c.transaction().unwrap();
    {
        let mut put =
            tx.prepare("INSERT INTO records (kind, id, version, body) VALUES (?1, ?2, ?3, ?4)").unwrap();
        let mut version = 1_000_000i64;
        let mut write = |kind: &str, id: String, body: String| {
            version += 1;
            put.execute(params![kind, id, version, body]).unwrap();
        };
        for n in 0..PATROLS {
            let p = Patrol {
                subject: PatrolSubject::Route {
                    route_key: "signage".into(), route_name: "标识巡查".into()
                },
                unit: "标识巡查".into(),
                by: 4,
                by_name: "陈晨".into(),
                role: steward_domain::Role::Patrol,
                at: stamp(at(n, PATROLS)),
                checklist: vec![],
                results: vec![],
                notice_id: None,
                ticket_ids: vec![],
            };
            write("patrol", format!("0190f5c2-7d1a-7000-a000-{n:012}"), serde_json::to_string(&p).unwrap());
        }
        for n in 0..LOANS {
            let out = at(n, LOANS);
            let l = KeyLoan {
                key_id: format!("0190f5c2-7d1a-7000-b100-{:012}", n % 500),
                tag: format!("K-{:04}", n % 500),
                unit: format!("{}栋-{}", n % 12 + 1, 101 + n % 1800),
                key_kind: KeyKind::Repair,
                borrower: Borrower {
                    kind: BorrowerKind::Staff,
                    name: "刘强".into(),
                    id_type: None,
                    id_last4: None,
                    pass: None,
                    letter: None,
                },
                purpose: "维修".into(),
                serves: None,
                consent: None,
                emergency: None,
                approvals: vec![],
                escorts: vec!["刘强".into(), "赵军".into()],
                takes_part: vec![],
                count: 1,
                lent_by: 1,
                lent_by_name: "王小红".into(),
                asked_at: stamp(out),
                out_at: Some(stamp(out)),
                due_by: stamp(out + chrono::Duration::hours(8)),
                returned: Some(KeyReturn {
                    at: stamp(out + chrono::Duration::hours(if n % 20 == 0 { 10 } else { 2 })),
                    by_name: "王小红".into(),
                    count: 1,
                    power_off: None,
                    windows_shut: None,
                    note: String::new(),
                }),
                status: LoanStatus::Returned,
                incident: None,
                withdrawn: None,
            };
            write("key_loan", format!("0190f5c2-7d1a-7000-b000-{n:012}"), serde_json::to_string(&l).unwrap());
        }
        for n in 0..SLIPS {
            let issued = at(n, SLIPS);
            let id = format!("0190f5c2-7d1a-7000-c000-{n:012}");
            let day = issued.date_naive();
            let pass = SlipPass {
                slip_id: id.clone(),
                unit: "2栋-801".into(),
                items: vec![PassItem { name: "旧沙发".into(), quantity: 1 }],
                plate: None,
                from: day,
                until: day,
                key_id: "tablet-1".into(),
            };
            let s = ReleaseSlip {
                unit: "2栋-801".into(),
                applicant: Applicant::Owner { name: "杨艳".into() },
                items: vec![],
                plate: None,
                from: day,
                until: day,
                decoration_id: None,
                arrears_override: None,
                pass: SignedPass { pass, signature: "00".repeat(64) },
                issued_by: 1,
                issued_by_name: "王小红".into(),
                issued_at: stamp(issued),
            };
            write("release_slip", id, serde_json::to_string(&s).unwrap());
        }
    }
    tx.commit().unwrap();
}

/// Writes the three years into the server's database at `c` (made by the server): tickets
/// with their timelines, then the ledgers, then `ANALYZE`, as the server's own records.
pub fn seed(c: &mut Connection) {
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(1, 0, 0).unwrap().and_utc();
    let tx = c.transaction().unwrap();
    {
        let mut put =
            tx.prepare("INSERT INTO records (kind, id, version, body) VALUES (?1, ?2, ?3, ?4)").unwrap();
        let minutes = MONTHS * 30 * 24 * 60;
        for n in 0..TICKETS {
            let at = start + chrono::Duration::minutes((n * minutes / TICKETS) as i64);
            let (created, dispatched, on_site) =
                (at, at + chrono::Duration::minutes(5), at + chrono::Duration::minutes(5 + (n % 40) as i64));
            let id = format!("0190f5c2-7d1a-7000-8000-{n:012}");
            put.execute(params![
                "ticket",
                id,
                n as i64,
                ticket(&created.to_rfc3339(), &dispatched.to_rfc3339(), &on_site.to_rfc3339(), n)
            ])
            .unwrap();
            let steps = [
                r#"{"step":"created"}"#,
                r#"{"step":"acted","action":"dispatch","department":"engineering"}"#,
                r#"{"step":"acted","action":"arrive_on_site"}"#,
                r#"{"step":"acted","action":"return_visit","satisfied":true,"note":"","method":"phone"}"#,
            ];
            for (i, s) in steps.iter().enumerate() {
                let e = format!("{id}-{i}");
                put.execute(params![
                    "ticket_event",
                    e,
                    n as i64,
                    event(&id, &(at + chrono::Duration::minutes(i as i64 * 10)).to_rfc3339(), s)
                ])
                .unwrap();
            }
        }
    }
    tx.commit().unwrap();
    seed_ledgers(c, start);
    c.execute_batch("ANALYZE").unwrap();
}
