//! Accounts as the admin and their owners use them: an account disabled from the admin's
//! screen stops syncing on its phone (which says "sign in again") and cannot sign in; a
//! password the admin reset takes the person to 我的账户 to set their own first.

use crate::harness::*;

#[tokio::test(flavor = "multi_thread")]
async fn the_admin_disables_an_account_and_resets_a_password_the_person_then_replaces() {
    let server = Server::start();
    let phone = Browser::launch().await;
    phone.resize(PHONE).await;
    phone.login(&server, "patrol").await;
    phone.wait("#home-patrol").await;

    let admin = Browser::launch().await;
    admin.login(&server, "admin").await;
    admin
        .wait_js("signed in", "return location.pathname !== '/login' && !!document.querySelector('#logout')")
        .await;
    admin.goto(&server.url("/admin/users")).await;
    admin.client.execute("window.confirm = () => true", vec![]).await.unwrap();
    admin.click("tr[data-username='patrol'] .account-actions summary").await;
    admin.click("tr[data-username='patrol'] .toggle-active").await;
    admin.wait_text("tr[data-username='patrol'] td:nth-child(4)", "停用").await;
    admin.screenshot("accounts-admin-tablet").await;

    // The patrol phone's session ended with it: it says so instead of looking online.
    phone.wait_text("#session-expired", "登录已过期").await;
    phone.wait_text("#net-status", "需重新登录").await;
    phone.click("#sign-in-again").await;
    phone.fill("#username", "patrol").await;
    phone.fill("#password", PASSWORD).await;
    phone.click("#login-submit").await;
    phone.wait("#login-error").await;
    phone.quit().await;

    // A reset password: the person signs in with it and sets their own before anything else.
    admin.click("tr[data-username='engineer'] .account-actions summary").await;
    admin.fill("tr[data-username='engineer'] .reset-password", "temporary pass 1").await;
    admin.click("tr[data-username='engineer'] .save-reset").await;
    admin.wait_text("#account-change-message", "engineer：已更改").await;
    admin.quit().await;

    let engineer = Browser::launch().await;
    engineer.goto(&server.url("/login")).await;
    engineer.fill("#username", "engineer").await;
    engineer.fill("#password", "temporary pass 1").await;
    engineer.click("#login-submit").await;
    engineer.wait_text("#must-change-password", "管理员已重置你的密码").await;
    engineer.goto(&server.url("/work-orders")).await;
    engineer.wait("#must-change-password").await;
    engineer.fill("#password-current", "temporary pass 1").await;
    engineer.fill("#password-new", "my own password").await;
    engineer.fill("#password-repeat", "my own password").await;
    engineer.click("#password-save").await;
    engineer.wait_text("#password-message", "新密码已保存").await;
    engineer.wait_js("the banner gone", "return !document.querySelector('#must-change-password')").await;
    engineer.screenshot("accounts-password-changed-tablet").await;
    engineer.quit().await;
}
