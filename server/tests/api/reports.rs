//! The month in numbers over HTTP: the figures of tickets pushed by the desk and worked by
//! engineering, for the supervisor and the manager only; the CSV Excel opens (BOM, a formula
//! typed at the desk kept as text); the charts; a bad month refused with its field.

use crate::helpers::*;
use crate::tickets::{repair, ticket, uuid};
use reqwest::StatusCode;
use serde_json::Value;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ActOnTicket, CreateTicket};
use steward_domain::ticket::Department;
use steward_domain::ticket::apply::NewTicket;
use steward_domain::ticket::lifecycle::Action;

async fn act(app: &TestApp, d: &mut Device, id: &str, action: Action) {
    d.push(
        app,
        Mutation::ActOnTicket(ActOnTicket { ticket_id: id.into(), event_id: uuid(), action, note: None }),
    )
    .await;
    assert_eq!(d.last_refusal(app).await, None);
}

#[tokio::test]
async fn the_month_s_figures_with_their_csv_and_charts_for_the_manager() {
    let app = spawn_app().await;
    let mut desk = Device::new(&app, "desk").await;
    let mut engineer = Device::new(&app, "engineer").await;
    let (on_time, waiting) = (uuid(), uuid());
    for (id, ticket) in [
        (on_time.clone(), repair()),
        (waiting.clone(), NewTicket { category: "=HYPERLINK(1)".into(), ..repair() }),
    ] {
        desk.push(&app, Mutation::CreateTicket(CreateTicket { id, event_id: uuid(), ticket })).await;
    }
    act(&app, &mut desk, &on_time, Action::Dispatch { department: Department::Engineering }).await;
    act(&app, &mut engineer, &on_time, Action::Accept).await;
    act(&app, &mut engineer, &on_time, Action::ArriveOnSite).await;
    assert_eq!(ticket(&app, &desk, &on_time).await["status"], "on_site");

    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let url = |path: &str| app.url(&format!("{path}?month={month}"));
    assert_eq!(
        desk.client.get(url("/api/reports/tickets")).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let manager = app.logged_in("manager").await;
    let r: Value = manager.get(url("/api/reports/tickets")).send().await.unwrap().json().await.unwrap();
    let current = &r["current"];
    assert_eq!(current["received"], 2);
    let arrival = current["rates"].as_array().unwrap().iter().find(|x| x["key"] == "arrival").unwrap();
    assert_eq!((arrival["met"].as_u64(), arrival["counted"].as_u64()), (Some(1), Some(1)));
    assert_eq!(
        current["by_department"][0]["ids"],
        serde_json::json!([on_time]),
        "a figure names the records behind it"
    );
    assert!(r["previous"].is_null(), "no tickets last month: nothing beside");

    // The screen's report as the server draws it: each drill-down carries its records' ids.
    let html = manager.get(url("/api/reports/tickets.html")).send().await.unwrap();
    assert_eq!(html.headers()["content-type"], "text/html; charset=utf-8");
    let html = html.text().await.unwrap();
    assert!(
        html.contains("data-figure=\"arrival\"") && html.contains(&format!("data-ids=\"{on_time}\"")),
        "{html}"
    );
    assert!(html.contains("=HYPERLINK(1)") && !html.contains("<script"), "the typed category is text");
    assert!(
        html.contains("<figure class=\"report-chart\" id=\"chart-per-day\"><svg") && !html.contains("<img"),
        "charts drawn in, not fetched: {html}"
    );
    assert!(
        html.contains("id=\"report-recovered\"") && html.contains("值班日志") && html.contains("装修管理"),
        "the duty log, the arrears recovered, the decorations: {html}"
    );
    assert_eq!(
        desk.client.get(url("/api/reports/tickets.html")).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let csv = manager.get(url("/api/reports/tickets.csv")).send().await.unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let body = csv.text().await.unwrap();
    assert!(body.starts_with('\u{feff}'), "a BOM, so Excel reads UTF-8");
    assert!(body.contains("受理工单,2"), "{body}");
    assert!(body.contains("'=HYPERLINK(1)"), "a formula typed at the desk stays text: {body}");
    assert!(!body.contains(",=HYPERLINK"));
    // Who did the work: the desk's person took both; engineering accepted and was on time.
    assert!(
        body.contains("按首问负责人\n姓名,单数,全部按时/有时限,首次回访满意/已回访,重开\n王小红,2,1/1,0/0,0"),
        "{body}"
    );
    assert!(body.contains("工程部,1,1,1/1,0,0.00,0.00"), "{body}");
    assert_eq!(current["departments"][0]["ids"], serde_json::json!([on_time]));
    // The other ledgers of the month, counted even when empty.
    assert_eq!(r["operations"]["keys"][0]["key"], "key_loans");
    assert_eq!(r["operations"]["release"][0]["count"], 0);
    assert!(body.contains("钥匙借用\n借出,0") && body.contains("物品放行\n开具,0"), "{body}");
    assert!(
        body.contains("值班日志\n有记录的天数,")
            && body.contains("欠费催缴（当前仍欠费，按阶段）\n缴费通知,"),
        "{body}"
    );
    assert!(
        body.contains("记录链断开处（0 为完好）,0") && body.contains("巡查\n计划圈数,"),
        "the chain is intact, patrols counted: {body}"
    );
    assert!(body.contains("按楼栋每周受理\n楼栋（列：每周起始日）,"), "each building week by week: {body}");
    let english = manager
        .get(app.url(&format!("/api/reports/tickets.csv?month={month}&lang=en")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("On site within 20 minutes"));

    // The workbook: its sheets, the figures as cells, the desk's formula a string, a chart.
    let xlsx = manager.get(url("/api/reports/tickets.xlsx")).send().await.unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.unwrap();
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut book.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let workbook = read("xl/workbook.xml");
    for sheet in ["月度报表", "每日受理", "分类统计", "人员与部门"] {
        assert!(workbook.contains(&format!("name=\"{sheet}\"")), "{sheet}: {workbook}");
    }
    let strings = read("xl/sharedStrings.xml");
    assert!(strings.contains("20分钟内到场") && strings.contains("100.0% (1/1)"), "{strings}");
    assert!(strings.contains("=HYPERLINK(1)"), "the typed category is a string");
    let sheets: String = (1..=4).map(|n| read(&format!("xl/worksheets/sheet{n}.xml"))).collect();
    assert!(!sheets.contains("<f>"), "no cell is a formula");
    assert!(read("xl/charts/chart1.xml").contains("c:barChart"));

    for chart in ["/api/reports/tickets/per-day.svg", "/api/reports/tickets/rates.svg"] {
        let r = manager.get(url(chart)).send().await.unwrap();
        assert_eq!(r.headers()["content-type"], "image/svg+xml; charset=utf-8");
        assert!(r.text().await.unwrap().starts_with("<svg"));
    }
    // Head office's copy from the command line: the same figures as the screen's.
    let dir = tempfile::tempdir().unwrap();
    for (file, check) in
        [("m.json", "\\\"received\\\":2"), ("m.csv", "受理工单,2"), ("m.xlsx", "xl/workbook.xml")]
    {
        let out = dir.path().join(file);
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
            .args([
                "report",
                "--month",
                &month,
                "--out",
                out.to_str().unwrap(),
                "--db",
                app.db_path.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        assert!(String::from_utf8_lossy(&std::fs::read(&out).unwrap()).contains(check), "{file}");
    }
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("m.json")).unwrap()).unwrap();
    let json: Value = serde_json::from_str(file["payload"].as_str().unwrap()).unwrap();
    assert_eq!(json["figures"], r["current"], "the month file's figures are the screen's");
    assert_eq!(json["property"], "示例花园 Demo Gardens");
    assert!(json["closed"].is_null(), "this month is not closed: figures as of now");
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["report", "--month", "2026-13", "--out", "x.json", "--db", app.db_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!refused.status.success());

    // 月结 is the manager's, for a month that is over.
    let close = |c: &reqwest::Client, m: &str| {
        c.post(app.url("/api/reports/close")).json(&serde_json::json!({"month": m})).send()
    };
    let supervisor = app.logged_in("supervisor").await;
    assert_eq!(close(&supervisor, "2026-01").await.unwrap().status(), StatusCode::FORBIDDEN);
    let not_over = close(&manager, &month).await.unwrap();
    assert_eq!(
        expect_error(not_over, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await["error"]["field"],
        "month"
    );
    let r = close(&manager, "2026-01").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    expect_error(close(&manager, "2026-01").await.unwrap(), StatusCode::CONFLICT, "conflict").await;
    let closed: Value = manager
        .get(app.url("/api/reports/tickets?month=2026-01"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(closed["closed"]["closed"]["closed_by"], "张伟");
    assert_eq!(closed["closed"]["unchanged"], true);
    assert_eq!(closed["closable"], false);
    let open_month: Value = manager
        .get(app.url("/api/reports/tickets?month=2026-02"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(open_month["closable"], true, "over and not closed: the manager may close it");

    let bad = manager.get(app.url("/api/reports/tickets?month=2026-13")).send().await.unwrap();
    assert_eq!(
        expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await["error"]["field"],
        "month"
    );
    let long =
        manager.get(app.url("/api/reports/tickets?from=2020-01-01&to=2026-01-01")).send().await.unwrap();
    expect_error(long, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
}

/// Head office rolls up the properties' signed month files side by side, and refuses the lot
/// when one was altered, or signed by a key it does not trust.
#[tokio::test]
async fn head_office_rolls_up_signed_month_files_and_refuses_an_altered_one() {
    let a = spawn_app().await;
    let b = spawn_app().await;
    let mut desk = Device::new(&b, "desk").await;
    desk.push(&b, Mutation::CreateTicket(CreateTicket { id: uuid(), event_id: uuid(), ticket: repair() }))
        .await;
    let steward = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_steward")).args(args).output().unwrap()
    };
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let set = steward(&["set-property", "--name", "滨江苑", "--db", b.db_path.to_str().unwrap()]);
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    for (app, file) in [(&a, "a.json"), (&b, "b.json")] {
        let out = steward(&[
            "report",
            "--month",
            &month,
            "--out",
            &path(file),
            "--db",
            app.db_path.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let run = steward(&["rollup", &path("a.json"), &path("b.json"), "--out", &path("group.csv")]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let csv = std::fs::read_to_string(path("group.csv")).unwrap();
    assert!(csv.contains(&format!(",示例花园 Demo Gardens {month},滨江苑 {month}")), "{csv}");
    assert!(csv.contains("受理工单,0,1"), "{csv}");
    let run = steward(&["rollup", &path("a.json"), &path("b.json"), "--out", &path("group.xlsx")]);
    assert!(run.status.success());

    // Without head office's keys it says so; twice the same property, or two months, is refused.
    assert!(String::from_utf8_lossy(&run.stderr).contains("no --trust file"));
    let twice = steward(&["rollup", &path("a.json"), &path("a.json"), "--out", &path("bad.csv")]);
    assert!(String::from_utf8_lossy(&twice.stderr).contains("is in the roll-up twice"));

    // One more ticket typed into b's file: its signature no longer holds; nothing is written.
    let text = std::fs::read_to_string(path("b.json")).unwrap();
    let mut altered: Value = serde_json::from_str(&text).unwrap();
    let payload = altered["payload"].as_str().unwrap().replace("\"received\":1", "\"received\":2");
    assert_ne!(payload, altered["payload"].as_str().unwrap());
    altered["payload"] = payload.into();
    std::fs::write(path("altered.json"), serde_json::to_string(&altered).unwrap()).unwrap();
    let refused = steward(&["rollup", &path("a.json"), &path("altered.json"), "--out", &path("bad.csv")]);
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(why.contains("altered.json: refused: the signature does not hold"), "{why}");
    assert!(!dir.path().join("bad.csv").exists(), "nothing written");
    // Head office pins the keys it trusts, each with its property: b's key is not among them,
    // and a's key does not speak for another property.
    let a_key: Value = serde_json::from_str(&std::fs::read_to_string(path("a.json")).unwrap()).unwrap();
    std::fs::write(
        path("keys.txt"),
        format!("{} 示例花园 Demo Gardens\n", a_key["public_key"].as_str().unwrap()),
    )
    .unwrap();
    let why = String::from_utf8_lossy(
        &steward(&[
            "rollup",
            &path("a.json"),
            &path("b.json"),
            "--trust",
            &path("keys.txt"),
            "--out",
            &path("bad.csv"),
        ])
        .stderr,
    )
    .to_string();
    assert!(why.contains("b.json: refused: signed by a key head office does not trust"), "{why}");
    let alone = steward(&["rollup", &path("a.json"), "--trust", &path("keys.txt"), "--out", &path("a.csv")]);
    assert!(alone.status.success(), "{}", String::from_utf8_lossy(&alone.stderr));
}
