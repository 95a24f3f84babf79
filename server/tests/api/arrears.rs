//! 欠费催缴 over HTTP: finance's list imported by the supervisor (a bad line or an unknown
//! unit and nothing is imported), a second list updating balances, and the cases on the
//! devices that need them.

use crate::helpers::*;
use reqwest::StatusCode;
use steward_domain::arrears::record::ArrearsCase;
use steward_domain::sync::Kind;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::AssignArrears;

const HEADER: &str = "楼栋,房号,费用类型,所属期间,欠费金额,应缴日期\n";

async fn import(app: &TestApp, client: &reqwest::Client, csv: &str) -> reqwest::Response {
    client
        .post(app.url("/api/arrears/import"))
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap()
}

fn cases_on(page: &steward_domain::sync::protocol::PullResponse) -> Vec<(String, ArrearsCase)> {
    page.changes
        .iter()
        .filter(|c| c.kind == Kind::ArrearsCase && c.body.is_some())
        .map(|c| (c.id.clone(), serde_json::from_value(c.body_value().unwrap()).unwrap()))
        .collect()
}

#[tokio::test]
async fn the_supervisor_imports_finance_s_list_all_or_nothing_and_a_second_list_updates_it() {
    let app = spawn_app().await;
    let supervisor = app.logged_in("supervisor").await;
    let desk = app.logged_in("desk").await;
    let first = format!(
        "\u{feff}{HEADER}2,801,物业管理费,2026-10,1000,2026-10-31\n2,801,水电费,2026-10,85.50,2026-10-31\n3,1502,停车费,2026-11,300,2026-11-30\n"
    );
    expect_error(import(&app, &desk, &first).await, StatusCode::FORBIDDEN, "forbidden").await;

    // A bad line, and a unit the register does not have: line by line, nothing imported.
    let bad =
        format!("{HEADER}2,801,物业管理费,2026-10,1000,2026-10-31\n2,802,燃气费,2026-10,10,2026-10-31\n");
    let body =
        expect_error(import(&app, &supervisor, &bad).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid")
            .await;
    assert_eq!(body["error"]["rows"][0]["line"], 3);
    assert_eq!(body["error"]["rows"][0]["column"], "费用类型");
    let unknown = format!(
        "{HEADER}2,801,物业管理费,2026-10,1000,2026-10-31\n9,1901,物业管理费,2026-10,1000,2026-10-31\n"
    );
    let body =
        expect_error(import(&app, &supervisor, &unknown).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid")
            .await;
    assert_eq!(body["error"]["rows"][0]["line"], 3);
    assert!(body["error"]["rows"][0]["message"].as_str().unwrap().contains("9栋-1901"));
    assert_eq!(app.count("SELECT COUNT(*) FROM records WHERE kind = 'arrears_case'"), 0);

    let r = import(&app, &supervisor, &first).await;
    assert_eq!(r.status(), StatusCode::OK);
    let report: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        (report["units"].as_u64(), report["lines"].as_u64(), report["owed"].as_u64()),
        (Some(2), Some(3), Some(138_550))
    );

    // The second list: 2栋-801's water paid, 3栋-1502 gone (paid): balances follow, history kept.
    let second = format!("{HEADER}2,801,物业管理费,2026-10,1000,2026-10-31\n");
    let report: serde_json::Value = import(&app, &supervisor, &second).await.json().await.unwrap();
    assert_eq!(report["cleared"], 1);
    let device = Device::new(&app, "desk").await;
    let cases = cases_on(&device.pull(&app).await);
    assert_eq!(cases.len(), 2, "one case per unit, never a second");
    let (id, owing) = cases.iter().find(|(_, c)| c.unit == "2栋-801").unwrap();
    assert_eq!((owing.owed(), owing.imports.len()), (100_000, 2));
    let water = owing.lines.iter().find(|l| l.period == "2026-10" && l.amount == 0).unwrap();
    assert_eq!(water.original, 8_550, "what the first list said is kept");

    // Patrol phones carry only the cases assigned to them.
    let patrol = Device::new(&app, "patrol").await;
    assert!(cases_on(&patrol.pull(&app).await).is_empty());
    let roster: Vec<steward_domain::staff::StaffMember> =
        desk.get(app.url("/api/staff")).send().await.unwrap().json().await.unwrap();
    let officer = roster.iter().find(|m| m.display_name == "陈晨").unwrap().id;
    let mut by_supervisor = Device::new(&app, "supervisor").await;
    by_supervisor
        .push(
            &app,
            Mutation::AssignArrears(AssignArrears {
                id: id.clone(),
                user_id: officer,
                assignee: "陈晨".into(),
            }),
        )
        .await;
    assert_eq!(by_supervisor.last_refusal(&app).await, None);
    let page = patrol.pull(&app).await;
    let on_patrol = cases_on(&page);
    assert_eq!(on_patrol.iter().map(|(i, _)| i.as_str()).collect::<Vec<_>>(), vec![id.as_str()]);

    // Reassigned to the desk: the patrol's next pull takes its copy away.
    let me: serde_json::Value = desk.get(app.url("/api/auth/me")).send().await.unwrap().json().await.unwrap();
    let away =
        AssignArrears {
            id: id.clone(), user_id: me["user_id"].as_i64().unwrap(), assignee: "王小红".into()
        };
    by_supervisor.push(&app, Mutation::AssignArrears(away)).await;
    let body = steward_domain::sync::protocol::PullRequest {
        client_id: patrol.id.clone(),
        cursor: Some(page.cursor),
        outcomes_after: 0,
        limit: None,
    };
    let next: steward_domain::sync::protocol::PullResponse =
        patrol.client.post(app.url("/api/sync/pull")).json(&body).send().await.unwrap().json().await.unwrap();
    let change = next.changes.iter().find(|c| c.id == *id).expect("the case in the next pull");
    assert!(change.body.is_none(), "sent as removed, nothing of it left on the phone");
}
