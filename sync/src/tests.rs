use super::*;
use steward_domain::Role;
use steward_domain::sync::commands::{AppendDutyLog, RecordVisitExit, RegisterVisit};
use steward_domain::sync::protocol::Change;

const A: &str = "0190f5c2-7d1a-7000-8000-00000000000a";
const B: &str = "0190f5c2-7d1a-7000-8000-00000000000b";

fn ctx() -> Ctx {
    Ctx {
        user_id: 1,
        user_name: "王小红".into(),
        role: Role::Receptionist,
        now: "2026-11-22T10:00:00Z".parse().unwrap(),
        by_owner: false,
    }
}

fn visit(id: &str) -> Mutation {
    Mutation::RegisterVisit(RegisterVisit {
        id: id.into(),
        visitor_name: "韩梅梅".into(),
        unit: "2栋-801".into(),
        purpose: "送货".into(),
        ..Default::default()
    })
}

fn page(changes: Vec<Change>, last: u64, outcomes: Vec<Outcome>, more: bool) -> PullResponse {
    PullResponse {
        reset: false,
        changes,
        cursor: "e.1..".into(),
        more,
        last_mutation_id: last,
        outcomes,
        held_from: None,
    }
}

fn change(id: &str, version: u64) -> Change {
    let body = serde_json::json!({"visitor_name": "韩梅梅", "unit": "2栋-801", "purpose": "送货",
        "registered_by": 1, "time_in": "2026-11-22T10:00:01Z", "time_out": null});
    let body = serde_json::value::RawValue::from_string(body.to_string()).unwrap();
    Change { kind: Kind::Visit, id: id.into(), version, body: Some(body), settled_on: None }
}

#[test]
fn a_change_shows_at_once_and_waits_in_the_outbox() {
    let mut r = Replica::new("dev");
    assert_eq!(r.mutate(visit(A), &ctx()), Ok(1));
    assert_eq!(r.view(&ctx()).records.len(), 1);
    assert_eq!(r.push_request(100).unwrap().mutations.len(), 1);
    // Refused on the device: nothing queued.
    assert!(r.mutate(visit(A), &ctx()).is_err());
    assert_eq!(r.pending().len(), 1);
}

#[test]
fn a_pull_that_includes_our_mutation_clears_the_outbox() {
    let mut r = Replica::new("dev");
    r.mutate(visit(A), &ctx()).unwrap();
    r.push_acknowledged(1);
    assert!(r.push_request(100).is_none(), "acknowledged mutations are not resent");
    // A page with more to come keeps the mutation (its effect may be on a later page).
    r.apply_pull(page(vec![], 1, vec![], true));
    assert_eq!(r.pending().len(), 1);
    r.apply_pull(page(vec![change(A, 3)], 1, vec![], false));
    assert!(r.pending().is_empty());
    assert_eq!(r.view(&ctx()).records[&(Kind::Visit, A.to_string())].body["time_in"], "2026-11-22T10:00:01Z");
}

#[test]
fn a_rejected_mutation_is_undone_and_needs_attention() {
    let mut r = Replica::new("dev");
    r.mutate(visit(A), &ctx()).unwrap();
    r.mutate(visit(B), &ctx()).unwrap();
    let rejected = Outcome {
        mutation_id: 1,
        kind: OutcomeKind::Rejected,
        code: Some(RejectionCode::Forbidden),
        field: None,
        message: "no".into(),
    };
    r.apply_pull(page(vec![change(B, 4)], 2, vec![rejected], false));
    let view = r.view(&ctx());
    assert!(!view.records.contains_key(&(Kind::Visit, A.to_string())), "undone on the device");
    assert!(view.records.contains_key(&(Kind::Visit, B.to_string())), "later mutations were not blocked");
    assert_eq!(r.needs_attention().len(), 1);
    assert_eq!(r.needs_attention()[0].code, Some(RejectionCode::Forbidden));
    // The user fixes and resends it: it is queued as new.
    assert_eq!(r.resend(0, visit(A), &ctx()), Ok(3));
    assert!(r.needs_attention().is_empty());
}

#[test]
fn pending_changes_rebase_on_the_servers_state() {
    let mut r = Replica::new("dev");
    r.apply_pull(page(vec![change(A, 2)], 0, vec![], false));
    r.mutate(Mutation::RecordVisitExit(RecordVisitExit { id: A.into() }), &ctx()).unwrap();
    // Someone else withdrew the visit meanwhile: our exit no longer applies in the view.
    let tombstone = Change { kind: Kind::Visit, id: A.into(), version: 3, body: None, settled_on: None };
    r.apply_pull(page(vec![tombstone], 0, vec![], false));
    assert!(r.view(&ctx()).records.is_empty());
    assert_eq!(r.pending().len(), 1, "kept until the server answers for it");
}

#[test]
fn a_server_restored_from_backup_gets_the_outbox_renumbered() {
    let mut r = Replica::new("dev");
    for id in [A, B] {
        r.mutate(visit(id), &ctx()).unwrap();
    }
    r.apply_pull(page(vec![], 1, vec![], false)); // the server processed 1
    r.mutate(
        Mutation::AppendDutyLog(AppendDutyLog {
            id: "0190f5c2-7d1a-7000-8000-0000000000cc".into(),
            text: "x".into(),
            corrects: None,
            written_at: None,
        }),
        &ctx(),
    )
    .unwrap();
    assert_eq!(r.pending().iter().map(|m| m.id).collect::<Vec<_>>(), vec![2, 3]);
    // Restored from an older backup: the server has none of ours.
    let mut restored = page(vec![], 0, vec![], false);
    restored.reset = true;
    r.apply_pull(restored);
    assert_eq!(r.pending().iter().map(|m| m.id).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(r.push_request(10).unwrap().mutations[0].id, 1);
}

#[test]
fn the_replica_survives_a_round_trip_through_storage() {
    let mut r = Replica::new("dev");
    r.mutate(visit(A), &ctx()).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(serde_json::from_str::<Replica>(&json).unwrap(), r);
}

#[test]
fn state_plus_record_changes_is_all_a_device_must_store() {
    let mut r = Replica::new("dev");
    let mut stored: Confirmed = Confirmed::new();
    let persist = |r: &Replica, c: RecordChanges, stored: &mut Confirmed| {
        if c.reset {
            stored.clear();
        }
        stored
            .extend(c.upserts.into_iter().map(|(k, (v, b, _))| (k, (v, serde_json::from_str(&b).unwrap()))));
        for k in c.removals {
            stored.remove(&k);
        }
        Replica::restore(r.state().clone(), stored.clone(), r.settled().clone())
    };
    r.mutate(visit(A), &ctx()).unwrap();
    let c = r.apply_pull(page(vec![change(A, 2), change(B, 3)], 0, vec![], false));
    assert_eq!(persist(&r, c, &mut stored), r);
    let tombstone = Change { kind: Kind::Visit, id: B.into(), version: 4, body: None, settled_on: None };
    let c = r.apply_pull(page(vec![tombstone], 1, vec![], false));
    assert_eq!(persist(&r, c, &mut stored), r);
    assert_eq!(stored.len(), 1);
}

/// A page whose write failed is written with the next: a record the later page removes is
/// not brought back, one it writes again is not removed, and a reset drops what came before.
#[test]
fn changes_left_unsaved_join_the_next_in_order() {
    let key = |id: &str| (Kind::DutyLogEntry, id.to_string());
    let body = |v: u64| (v, Box::<str>::from(serde_json::json!({ "v": v }).to_string()), None);
    let earlier = RecordChanges {
        reset: false,
        upserts: vec![(key("a"), body(1)), (key("b"), body(1))],
        removals: vec![key("c")],
    };
    let later = RecordChanges { reset: false, upserts: vec![(key("c"), body(2))], removals: vec![key("a")] };
    let joined = earlier.clone().then(later);
    assert_eq!(joined.upserts, vec![(key("b"), body(1)), (key("c"), body(2))]);
    assert_eq!(joined.removals, vec![key("a")]);
    let reset = RecordChanges { reset: true, upserts: vec![(key("d"), body(3))], removals: vec![] };
    assert_eq!(earlier.then(reset.clone()), reset);
}

/// A device whose store was lost while its session was kept starts again at 1; the server
/// already has its changes up to 25 and would take 1 and 2 as seen. The outbox is numbered on
/// from 26 and sent, not dropped, and the old store's refusal of its change 1 is not pinned on
/// the new change 1.
#[test]
fn an_outbox_numbered_behind_the_server_is_numbered_on_not_dropped() {
    let mut r = Replica::new("dev");
    for id in [A, B] {
        r.mutate(visit(id), &ctx()).unwrap();
    }
    // The server answers a push of 1..2 with its own last: 25.
    r.push_acknowledged(25);
    assert_eq!(r.pending().iter().map(|m| m.id).collect::<Vec<_>>(), vec![26, 27]);
    assert_eq!(r.push_request(10).unwrap().mutations.iter().map(|m| m.id).collect::<Vec<_>>(), vec![26, 27]);

    // The same found by a pull first, with an old refusal of change 1 among its outcomes.
    let mut r = Replica::new("dev");
    for id in [A, B] {
        r.mutate(visit(id), &ctx()).unwrap();
    }
    let old_refusal = Outcome {
        mutation_id: 1,
        kind: OutcomeKind::Rejected,
        code: Some(RejectionCode::Invalid),
        field: None,
        message: "old".into(),
    };
    r.apply_pull(page(vec![], 25, vec![old_refusal], false));
    assert_eq!(r.pending().iter().map(|m| m.id).collect::<Vec<_>>(), vec![26, 27]);
    assert!(r.needs_attention().is_empty());
}

/// A row stored before devices kept settled days (four columns) reads as open; a row
/// written now keeps its day.
#[test]
fn stored_rows_of_either_form_read_back() {
    let old: StoredRow = serde_json::from_str(r#"["visit","a",3,{"v":1}]"#).unwrap();
    assert_eq!(old, StoredRow(Kind::Visit, "a".into(), 3, serde_json::json!({"v": 1}), None));
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let upsert = ((Kind::Ticket, "t\"1".to_string()), (4, Box::<str>::from(r#"{"a": [1]}"#), Some(day)));
    let row: StoredRow = serde_json::from_str(&StoredRow::json(&upsert)).unwrap();
    assert_eq!(row, StoredRow(Kind::Ticket, "t\"1".into(), 4, serde_json::json!({"a": [1]}), Some(day)));
    let r = restore_rows(Replica::new("dev").state().clone(), [old, row]);
    assert_eq!((r.confirmed().len(), r.settled().len()), (2, 1));
}

/// Pages stored after the rows are read over them in order: a later copy wins (with its
/// settled day, or none), a removal removes what an earlier page brought.
#[test]
fn pages_stored_after_the_rows_are_read_over_them_in_order() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let row = |id: &str, version: u64, settled| {
        StoredRow(Kind::Visit, id.into(), version, serde_json::json!({ "v": version }), settled)
    };
    let rows = [row("a", 1, Some(day)), row("b", 2, None)];
    let pages = [
        StoredPage {
            rows: vec![row("a", 3, None), row("c", 4, None)],
            removals: vec![(Kind::Visit, "b".into())],
        },
        StoredPage { rows: vec![row("b", 5, None)], removals: vec![(Kind::Visit, "c".into())] },
    ];
    let r = restore_paged(Replica::new("dev").state().clone(), rows, pages);
    let held: BTreeMap<_, _> =
        r.confirmed().iter().map(|((_, id), (version, _))| (id.clone(), *version)).collect();
    assert_eq!(held, BTreeMap::from([("a".to_string(), 3), ("b".to_string(), 5)]));
    assert!(r.settled().is_empty(), "a's later copy is open again");
}

/// The outbox is stored and pushed through the codec (the web app's comes with the rules'
/// chunk): the JSON is the domain's own, read back whole, and older apps' form still reads.
#[test]
fn the_outbox_is_written_as_the_domain_writes_it_and_read_back() {
    let mut r = Replica::new("dev");
    r.mutate(visit(A), &ctx()).unwrap();
    let request = r.push_request(100).unwrap();
    assert_eq!(codec::push_json(&request).unwrap(), serde_json::to_value(&request).unwrap());

    let stored = serde_json::to_value(r.state()).unwrap();
    assert_eq!(stored["pending"][0], serde_json::to_value(&request.mutations[0]).unwrap());
    let read: ReplicaState = serde_json::from_value(stored.clone()).unwrap();
    assert_eq!(read.pending(), r.pending());

    // `{"name", "args"}`, as apps before 2026-11-22 stored it.
    let mut old = stored;
    let mutation = old["pending"][0]["mutation"].as_object().unwrap().clone();
    let args: serde_json::Map<_, _> = mutation.clone().into_iter().filter(|(k, _)| k != "name").collect();
    old["pending"][0]["mutation"] = serde_json::json!({ "name": mutation["name"], "args": args });
    let read: ReplicaState = serde_json::from_value(old).unwrap();
    assert_eq!(read.pending(), r.pending());
}

/// Before its rules arrive a device shows what the server sent and takes no change unchecked;
/// once they are here the outbox replays and changes are checked as ever.
#[test]
fn without_its_rules_a_replica_takes_no_change_and_replays_nothing() {
    let mut r = Replica::without_rules("dev");
    assert!(!r.has_rules());
    assert!(r.mutate(visit(A), &ctx()).is_err());
    assert!(r.pending().is_empty());
    r.set_rules(Mutation::apply);
    assert_eq!(r.mutate(visit(A), &ctx()), Ok(1));
    assert_eq!(r.overlay(&ctx()).records(Kind::Visit).len(), 1);
    // The same outbox on a replica without rules (just reopened): not shown until they come.
    let mut reopened = Replica::without_rules("dev");
    reopened.state = r.state().clone();
    assert!(reopened.overlay(&ctx()).records(Kind::Visit).is_empty());
    reopened.set_rules(Mutation::apply);
    assert_eq!(reopened.overlay(&ctx()).records(Kind::Visit).len(), 1);
}
