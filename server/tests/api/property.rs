use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use steward_domain::sync::commands::AppendDutyLog;

const GOOD: &str = "\u{feff}楼栋,房号,业主姓名,联系电话,状态\n9,101,孙悟空,13912345678,已入住\n9,102,,,空置\n9,101,猪八戒,0755-88881234,已入住\n";
const BAD: &str =
    "楼栋,房号,业主姓名,联系电话\n9,101,孙悟空,13912345678\n9,1x2,沙僧,13912345679\n9,103,唐僧,123\n";

async fn import(app: &TestApp, client: &reqwest::Client, csv: &str) -> reqwest::Response {
    client
        .post(app.url("/api/units/import"))
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn demo_property_is_seeded_and_phones_leave_masked() {
    let app = spawn_app().await;
    let desk = app.logged_in("desk").await;
    let buildings: Vec<Value> =
        desk.get(app.url("/api/buildings")).send().await.unwrap().json().await.unwrap();
    assert_eq!(buildings.len(), 3);
    assert_eq!(buildings[0]["units"], 18 * 4);
    let id = buildings[0]["id"].as_i64().unwrap();
    let text =
        desk.get(app.url(&format!("/api/buildings/{id}/units"))).send().await.unwrap().text().await.unwrap();
    let units: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(units.len(), 72);
    assert_eq!(units[0]["floor"], 18, "top floor first, as on a building's board");
    let owner = &units.iter().find(|u| !u["owners"].as_array().unwrap().is_empty()).unwrap()["owners"][0];
    let masked = owner["phone_masked"].as_str().unwrap();
    assert!(masked.starts_with("139****"), "{masked}");
    // No unmasked 11-digit number anywhere in the response.
    assert!(
        !text.as_bytes().windows(11).any(|w| w.iter().all(u8::is_ascii_digit)),
        "an unmasked phone leaked"
    );
    let r = desk.get(app.url("/api/buildings/999/units")).send().await.unwrap();
    expect_error(r, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn admin_imports_a_good_file() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin").await;
    let r = import(&app, &admin, GOOD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let report: Value = r.json().await.unwrap();
    assert_eq!(
        (report["buildings"].as_u64(), report["units"].as_u64(), report["owners"].as_u64()),
        (Some(1), Some(2), Some(2))
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.name = '9栋'"
        ),
        2
    );
    // Importing the same file again updates, never duplicates.
    assert_eq!(import(&app, &admin, GOOD).await.status(), StatusCode::OK);
    assert_eq!(app.count("SELECT count(*) FROM owners o JOIN units u ON u.id = o.unit_id WHERE u.number = '101' AND u.floor = 1 AND u.building_id = (SELECT id FROM buildings WHERE name = '9栋')"), 2);
}

#[tokio::test]
async fn a_bad_file_reports_each_line_and_imports_nothing() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin").await;
    let before = app.count("SELECT count(*) FROM units");
    let body =
        expect_error(import(&app, &admin, BAD).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    let rows = body["error"]["rows"].as_array().unwrap();
    let lines: Vec<u64> = rows.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![3, 4]);
    assert_eq!(rows[0]["column"], "房号");
    assert_eq!(
        app.count("SELECT count(*) FROM units"),
        before,
        "the good first row must not be imported alone"
    );
    let r = import(&app, &admin, "\u{0}\u{ff}").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin
        .post(app.url("/api/units/import"))
        .header("content-type", "text/csv")
        .body(vec![0xffu8, 0xfe, 0x00])
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    // A file not sent as CSV is refused before it is read.
    let r = admin
        .post(app.url("/api/units/import"))
        .header("content-type", "application/json")
        .body("楼栋,房号\n1,101\n")
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "malformed_body").await;
    let supervisor = app.logged_in("supervisor").await;
    let r = supervisor.post(app.url("/api/arrears/import")).body("楼栋,房号\n1,101\n").send().await.unwrap();
    expect_error(r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "malformed_body").await;
}

#[tokio::test]
async fn only_the_admin_imports() {
    let app = spawn_app().await;
    let before = app.count("SELECT count(*) FROM units");
    let desk = app.logged_in("desk").await;
    expect_error(import(&app, &desk, GOOD).await, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(app.count("SELECT count(*) FROM units"), before);
}

#[tokio::test]
async fn the_directory_reaches_ticket_takers_and_the_gate_with_phones_only_for_those_who_call() {
    let app = spawn_app().await;
    let desk = app.logged_in("desk").await;
    let units: Vec<Value> =
        desk.get(app.url("/api/units/directory")).send().await.unwrap().json().await.unwrap();
    assert_eq!(units.len(), 3 * 18 * 4);
    assert_eq!(units[0]["unit"], "1栋-101");
    let phone = units[0]["owners"][0]["phone"].as_str().unwrap();
    assert!(phone.len() == 11 && phone.bytes().all(|b| b.is_ascii_digit()), "the desk calls owners: {phone}");
    // Patrols take tickets, the gate registers night visitors: both see masked phones.
    for user in ["patrol", "guard"] {
        let client = app.logged_in(user).await;
        let text = client.get(app.url("/api/units/directory")).send().await.unwrap().text().await.unwrap();
        assert!(text.contains("139****"), "{user} sees masked phones");
        assert!(!text.as_bytes().windows(11).any(|w| w.iter().all(u8::is_ascii_digit)));
    }
    for user in ["engineer", "admin"] {
        let r = app.logged_in(user).await.get(app.url("/api/units/directory")).send().await.unwrap();
        expect_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    }
}

#[tokio::test]
async fn the_admin_keeps_the_vacant_register_and_the_phones_see_it() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin").await;
    let unit = app.unit("1栋", "101").await["id"].as_i64().unwrap();
    let url = app.url(&format!("/api/units/{unit}/status"));
    let desk = app.logged_in("desk").await;
    let r = desk.put(&url).json(&json!({ "status": "vacant" })).send().await.unwrap();
    expect_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = admin.put(&url).json(&json!({ "status": "empty" })).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin
        .put(app.url("/api/units/999999/status"))
        .json(&json!({ "status": "vacant" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = admin.put(&url).json(&json!({ "status": "vacant" })).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let directory: Vec<Value> =
        desk.get(app.url("/api/units/directory")).send().await.unwrap().json().await.unwrap();
    let listed = directory.iter().find(|u| u["unit"] == "1栋-101").unwrap();
    assert_eq!(listed["vacant"], true);
}

/// Owners imported again from a file without a 状态 column: the vacant and decorating units
/// stay as they were; a file that does change a status says which.
#[tokio::test]
async fn importing_again_without_a_status_leaves_the_register_alone() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin").await;
    let vacant_before = app.count("SELECT count(*) FROM units WHERE status = 'vacant'");
    assert!(vacant_before > 0, "the demo has vacant units");
    let r = import(
        &app,
        &admin,
        "楼栋,房号,业主姓名,联系电话\n1,101,王五,13800000000\n1,111,赵六,+852 9123 4567\n",
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["status_changes"], serde_json::json!([]));
    assert_eq!(app.count("SELECT count(*) FROM units WHERE status = 'vacant'"), vacant_before);
    let r = import(&app, &admin, "楼栋,房号,状态\n1,101,空置\n").await;
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["status_changes"], serde_json::json!(["1栋-101: 已入住 → 空置"]), "{report}");
    // A garbled file is refused with its line, and nothing is written.
    let owners = app.count("SELECT count(*) FROM owners");
    let r = import(&app, &admin, "楼栋,房号,业主姓名\n1,102,\"王五\n1,103,赵六\n").await;
    let body = expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(body["error"]["rows"][0]["line"], 2, "{body}");
    assert_eq!(app.count("SELECT count(*) FROM owners"), owners);
}

/// 20,000 units with an owner each: 20 buildings × 25 floors × 40 units.
fn large_register() -> String {
    let mut csv = String::from("楼栋,房号,业主姓名,联系电话\n");
    let (surnames, given) = (["王", "李", "张", "刘", "陈"], ["伟", "芳", "娜", "敏", "静", "强"]);
    for n in 0..20_000u32 {
        let (b, floor, unit) = (10 + n / 1000, 1 + n % 1000 / 40, 1 + n % 40);
        let name =
            format!("{}{}{}", surnames[n as usize % 5], given[n as usize % 6], given[n as usize / 7 % 6]);
        csv.push_str(&format!("{b},{floor}{unit:02},{name},139{n:08}\n"));
    }
    csv
}

/// A large import is written in parts: the desks' pushes get the writer between parts
/// instead of waiting for the whole file, and the directory of 20,000 units reaches a
/// device compressed, in pages, in well under a few MB.
#[tokio::test]
async fn a_large_import_lets_pushes_through_and_the_directory_arrives_in_small_pages() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin").await;
    let mut desk = Device::new(&app, "desk").await;
    let before = app.count("SELECT count(*) FROM units");
    let request = admin
        .post(app.url("/api/units/import"))
        .header("content-type", "text/csv")
        .body(large_register())
        .send();
    let import = tokio::spawn(request);
    // Part of the file is in (committed, visible to another connection), not all of it.
    while app.count("SELECT count(*) FROM units") == before {
        assert!(!import.is_finished(), "the import ended before any part was seen");
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let visit = steward_domain::sync::Mutation::AppendDutyLog(AppendDutyLog {
        id: uuid::Uuid::now_v7().to_string(),
        text: "导入期间的值班记录".into(),
        corrects: None,
        written_at: None,
    });
    desk.push(&app, visit).await;
    assert_eq!(desk.last_refusal(&app).await, None);
    assert!(!import.is_finished(), "the push waited for the whole import");
    let r = import.await.unwrap().unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["units"], 20_000);
    let total = app.count("SELECT count(*) FROM units") as usize;

    // Pages of 2,000, as the app asks, add up to the whole directory, in its order.
    let client = app.logged_in("desk").await;
    let whole: Vec<Value> =
        client.get(app.url("/api/units/directory")).send().await.unwrap().json().await.unwrap();
    assert_eq!(whole.len(), total);
    let mut paged = Vec::new();
    loop {
        let url = app.url(&format!("/api/units/directory?offset={}&limit=2000", paged.len()));
        let r = client.get(url).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(r.headers()["content-encoding"], "gzip");
        let compressed = r.bytes().await.unwrap();
        assert!(compressed.len() < 200_000, "a page is {} bytes", compressed.len());
        let mut json = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&compressed[..]), &mut json).unwrap();
        let page: Vec<Value> = serde_json::from_slice(&json).unwrap();
        let last = page.len() < 2000;
        paged.extend(page);
        if last {
            break;
        }
    }
    assert_eq!(paged, whole);
    let r =
        client.get(app.url("/api/units/directory")).header("accept-encoding", "gzip").send().await.unwrap();
    let size = r.bytes().await.unwrap().len();
    assert!(size < 3 * 1024 * 1024, "the whole directory is {size} bytes compressed");
    eprintln!(
        "directory of {total} units: {size} bytes gzip, {} bytes JSON",
        serde_json::to_vec(&whole).unwrap().len()
    );
    for bad in ["limit=0", "limit=5001", "limit=x", "offset=-1&limit=10"] {
        let r = client.get(app.url(&format!("/api/units/directory?{bad}"))).send().await.unwrap();
        expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    }
}

/// The owners' emergency contacts are imported for the desk that calls them: whole on the
/// desk's directory, masked on a patrol phone.
#[tokio::test]
async fn the_desk_sees_whom_to_call_when_the_owner_cannot_be_reached() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin").await;
    let csv =
        "楼栋,房号,业主姓名,联系电话,紧急联系人,紧急联系电话\n9,101,孙悟空,13912345678,孙小圣,13711112222\n";
    assert_eq!(import(&app, &admin, csv).await.status(), StatusCode::OK);
    let owner = |user: &'static str| {
        let app = &app;
        async move {
            let c = app.logged_in(user).await;
            let units: Vec<Value> =
                c.get(app.url("/api/units/directory")).send().await.unwrap().json().await.unwrap();
            units.into_iter().find(|u| u["unit"] == "9栋-101").unwrap()["owners"][0].clone()
        }
    };
    let desk = owner("desk").await;
    assert_eq!(desk["emergency_contact"], "孙小圣");
    assert_eq!(desk["emergency_phone"], "13711112222");
    let patrol = owner("patrol").await;
    assert_eq!(patrol["emergency_contact"], "孙小圣");
    assert_eq!(patrol["emergency_phone"], "137****2222");
}
