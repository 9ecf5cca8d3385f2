/*
 * demo_history.c - the demo's registers in use (`mamori init --demo`):
 * devices in stock and on loan, borrowing applications, the lending
 * register with its receipts, location checks and a take-out, SNS
 * accounts, a security exception with its screenshots and breach
 * reports, so that whoever logs in as a demo user finds work waiting.
 *
 * Every record is made through the store operation a user's request
 * would call, by the demo user whose role the directive names for that
 * step, after the same core checks the web and API handlers make.  The
 * steps are dated relative to today (Asia/Tokyo): the store's clock
 * (store_clock_set) is moved forward step by step through the past
 * months, so every time stamp and audit entry is in order and before the
 * real now, and the reminders a real history would raise (a loan due
 * soon, a monthly check missed, a screenshot kept past its days) appear.
 */
#include "demo_history.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>

#include "../core/application.h"
#include "../core/case.h"
#include "../core/civil.h"
#include "../core/device_import.h"
#include "../core/exception.h"
#include "../core/loan.h"
#include "../core/policy.h"
#include "../core/roles.h"
#include "../core/validate.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../store/store_cases.h"
#include "../store/store_meetings.h"
#include "../store/store_compliance.h"
#include "../store/store_designations.h"
#include "../store/store_devices.h"
#include "../store/store_disposal.h"

#include "../lib/banned.h"

#define DAY (24 * 3600)
#define HOUR 3600
#define JST_OFFSET (9 * HOUR)

#define N_DEVICES 5

/* What the history is written from, and the records made so far. */
struct demo {
	struct store *s;
	int64_t now;          /* the real moment the demo began */
	int64_t at;           /* the store's clock now */
	int64_t devices[N_DEVICES];
	int64_t app_kita, app_minami, loan_kita, loan_minami;
	int64_t services[3];  /* KITA's X and LINE, MINAMI's Instagram */
	int64_t exception_id, screenshot_moved, breach_kita, takeout;
	int64_t case_kita, case_minami;
	/*
	 * Two closed cases of KITA about the same made-up child, each with
	 * its meeting: past[0] weeks before past[1] (issue 9: the history
	 * link); which: the one the steps below write.
	 */
	struct { int64_t case_id, meeting_id; } past[2];
	int which;
	int sealed;           /* a field key: the child is named (sealed) */
};

/* The store's clock at HH:MM (Asia/Tokyo) of the day days_ago before today. */
static int64_t moment(const struct demo *d, int days_ago, int hh, int mm)
{
	int64_t local = d->now + JST_OFFSET;
	int64_t midnight = local - local % DAY - JST_OFFSET;

	return midnight - (int64_t)days_ago * DAY + hh * HOUR + mm * 60;
}

/*
 * Moves the store's clock to t.  It only moves forward and never past the
 * real now: the history is written in the order it happened.
 */
static int clock_to(struct demo *d, int64_t t)
{
	if (t < d->at || t >= d->now)
		return cli_fail("demo history out of order (%lld after %lld)",
				(long long)t, (long long)d->at);
	d->at = t;
	store_clock_set(t);
	return 0;
}

/* The civil date days from the real today (negative: in the past). */
static struct civil_date day_of(const struct demo *d, int days)
{
	struct civil_date today, out;

	memset(&out, 0, sizeof(out));
	if (civil_from_unix(d->now, &today) == 0)
		civil_add_days(&today, days, &out);
	return out;
}

/* The Asia/Tokyo date of the store's clock: "today" of the step. */
static struct civil_date clock_day(const struct demo *d)
{
	struct civil_date out;

	memset(&out, 0, sizeof(out));
	civil_from_unix(d->at, &out);
	return out;
}

/*
 * The demo user login, acting in role in the unit of that role; 0, or
 * CLI_FAIL with a message (*a then acts for nobody).
 */
static int act_as(struct demo *d, const char *login, enum role role,
		  struct actor *a)
{
	struct role_list l = { NULL, 0 };
	struct user u;
	int rc = store_user_get_by_login(d->s, login, &u);

	*a = (struct actor){ 0, login, ROLE_NONE, 0, "cli" };
	if (rc == 0)
		rc = store_role_list(d->s, u.id, &l);
	if (rc == 0)
		rc = MM_ENOTFOUND;
	for (size_t i = 0; i < l.n && rc == MM_ENOTFOUND; i++)
		if (l.items[i].role == role) {
			/* login is borrowed from the table of demo users */
			*a = (struct actor){ u.id, login, role,
					     l.items[i].unit_id, "cli" };
			rc = 0;
		}
	role_list_release(&l);
	if (rc < 0)
		return cli_fail("demo user %s has no role %s", login,
				role_key(role));
	return 0;
}

/*
 * The step's result: CLI_FAIL for an error of the store or core (rc < 0)
 * after printing it, rc itself when it is CLI_FAIL already (act_as
 * printed why), else 0.
 */
static int failed(const char *what, int rc)
{
	if (rc > 0)
		return rc;
	return rc < 0 ? cli_fail("demo: cannot %s: %s", what, mm_strerror(rc))
		      : 0;
}

/* ---- devices (R-DEV-1) -------------------------------------------- */

struct demo_device {
	const char *model, *phone, *serial, *contract;
};

static const struct demo_device demo_devices[N_DEVICES] = {
	{ "AQUOS wish3", "090-3101-0001", "356789110000011", "熊本県警-CP-01" },
	{ "AQUOS wish3", "090-3101-0002", "356789110000029", "熊本県警-CP-02" },
	{ "Galaxy A25 5G", "090-3101-0003", "352468220000037", "熊本県警-CP-03" },
	{ "arrows We2", "090-3101-0004", "353579330000045", "熊本県警-CP-04" },
	{ "Xperia 10 VI", "090-3101-0005", "354680440000053", "熊本県警-CP-05" },
};

/* R-DEV-1: the general manager registers every device. */
static int register_devices(struct demo *d)
{
	struct actor gm;
	struct device dev;
	int rc = act_as(d, "gm", ROLE_GENERAL_MANAGER, &gm);

	for (size_t i = 0; rc == 0 && i < N_DEVICES; i++) {
		const struct demo_device *x = &demo_devices[i];
		memset(&dev, 0, sizeof(dev));
		dev.model = x->model;
		snprintf(dev.phone, sizeof(dev.phone), "%s", x->phone);
		snprintf(dev.serial, sizeof(dev.serial), "%s", x->serial);
		dev.contract_ref = x->contract;
		/* the checks of the registration form */
		rc = validate_name(x->model, NULL);
		if (rc == 0)
			rc = device_import_check_serial(x->serial, NULL);
		if (rc == 0)
			rc = device_import_check_phone(x->phone, NULL);
		if (rc == 0)
			rc = store_device_create(d->s, &gm, &dev);
		rc = failed("register a device", rc);
		d->devices[i] = dev.id;
	}
	return rc;
}

/* ---- borrowing applications, form 3 (R-DEV-2, R-DEV-8) ------------- */

static const char lending_purpose[] =
	"管内のSNS上の児童の書き込みに対するサイバーパトロールと保護のための交信";

struct demo_application {
	const char *manager;          /* login of the unit's manager */
	int consulted_days_ago;
	int start, due;               /* days from today; start: new only */
	int64_t loan_id;              /* extension: the loan; else 0 */
	const char *purpose;
};

/*
 * The manager submits the application on the clock's day, after the
 * checks the handlers make: the consultation comes first (R-DEV-2), the
 * period keeps the limit (R-DEV-2, R-DEV-8).
 */
static int apply(struct demo *d, const struct demo_application *x,
		 int64_t *id)
{
	const struct policy *p = policy_default();
	struct borrow_application app;
	struct civil_date today = clock_day(d);
	struct actor mgr;
	struct loan loan;
	int rc = act_as(d, x->manager, ROLE_MANAGER, &mgr);

	if (rc)
		return rc;
	memset(&app, 0, sizeof(app));
	app.kind = x->loan_id ? APPLICATION_KIND_EXTENSION : APPLICATION_KIND_NEW;
	app.unit_id = mgr.unit_id;
	app.loan_id = x->loan_id;
	app.consulted_on = day_of(d, -x->consulted_days_ago);
	app.consulted_with = "統括運用管理者 松本 正義";
	app.consultation = "借用の必要性と期間について協議し、了承を得た。";
	app.due = day_of(d, x->due);
	app.purpose = x->purpose;
	rc = application_check_consultation(&app.consulted_on, &today, NULL);
	if (rc == 0 && x->loan_id) {
		rc = store_loan_get(d->s, x->loan_id, cli_pool(), &loan);
		if (rc == 0) {
			app.start = loan.due;
			rc = loan_check_extension(p, &loan.due, &app.due, NULL,
						  NULL);
		}
	} else if (rc == 0) {
		app.start = day_of(d, x->start);
		rc = loan_check_period(p, &app.start, &app.due, NULL, NULL);
	}
	if (rc == 0)
		rc = store_application_create(d->s, &mgr, &app);
	*id = app.id;
	return failed("submit a borrowing application", rc);
}

static int approve(struct demo *d, int64_t id)
{
	struct borrow_application app;
	struct actor gm;
	int rc = act_as(d, "gm", ROLE_GENERAL_MANAGER, &gm);

	if (rc == 0)
		rc = store_application_get(d->s, id, cli_pool(), &app);
	if (rc == 0)
		rc = store_application_decide(d->s, &gm, id, app.version,
					      APPLICATION_EV_APPROVE, "", "");
	return failed("approve a borrowing application", rc);
}

/* R-DEV-3: the general manager lends the device on the application. */
static int lend(struct demo *d, int64_t application_id, int64_t device_id,
		int64_t *loan_id)
{
	struct actor gm;
	struct loan l;
	int rc = act_as(d, "gm", ROLE_GENERAL_MANAGER, &gm);

	if (rc == 0)
		rc = store_loan_lend(d->s, &gm, application_id, device_id, &l);
	*loan_id = rc == 0 ? l.id : 0;
	return failed("lend a device", rc);
}

/* R-DEV-4: the unit's operations officer confirms receipt and training. */
static int receive(struct demo *d, const char *officer, int64_t loan_id)
{
	struct training_record t;
	struct actor ops;
	struct loan l;
	int rc = act_as(d, officer, ROLE_OPERATIONS_OFFICER, &ops);

	memset(&t, 0, sizeof(t));
	t.trained_on = clock_day(d);
	t.trainer = "本部少年課 井上 直樹";
	t.topics = "端末の管理（施錠保管・所在確認・持出し手続）と保護のための交信の要領";
	if (rc == 0)
		rc = store_loan_get(d->s, loan_id, cli_pool(), &l);
	if (rc == 0)
		rc = store_loan_receive(d->s, &ops, loan_id, l.version, &t);
	return failed("confirm the receipt of a device", rc);
}

/* R-DEV-5: the unit's assistant checks the device on the clock's day. */
static int check(struct demo *d, const char *assistant, int64_t loan_id)
{
	struct location_check_entry c;
	struct actor ast;
	int rc = act_as(d, assistant, ROLE_ASSISTANT, &ast);

	memset(&c, 0, sizeof(c));
	c.loan_id = loan_id;
	c.checked_on = clock_day(d);
	c.in_cabinet = 1;
	c.remarks = "施錠した保管庫内にあり、異常なし";
	if (rc == 0)
		rc = store_check_add(d->s, &ast, &c);
	return failed("record a location check", rc);
}

/*
 * KITA borrows until 20 days from today (due soon), MINAMI until 200
 * days from today; both from 100 days ago.
 */
static int apply_kita(struct demo *d)
{
	const struct demo_application x = { "kita-manager", 106, -100, 20, 0,
					    lending_purpose };
	return apply(d, &x, &d->app_kita);
}

static int apply_minami(struct demo *d)
{
	const struct demo_application x = { "minami-manager", 106, -100, 200, 0,
					    lending_purpose };
	return apply(d, &x, &d->app_minami);
}

static int approve_kita(struct demo *d) { return approve(d, d->app_kita); }
static int approve_minami(struct demo *d) { return approve(d, d->app_minami); }

static int lend_kita(struct demo *d)
{
	return lend(d, d->app_kita, d->devices[0], &d->loan_kita);
}

static int lend_minami(struct demo *d)
{
	return lend(d, d->app_minami, d->devices[1], &d->loan_minami);
}

static int receive_kita(struct demo *d)
{
	return receive(d, "kita-officer", d->loan_kita);
}

static int receive_minami(struct demo *d)
{
	return receive(d, "minami-officer", d->loan_minami);
}

static int check_kita(struct demo *d)
{
	return check(d, "kita-assistant", d->loan_kita);
}

static int check_minami(struct demo *d)
{
	return check(d, "minami-assistant", d->loan_minami);
}

/* R-DEV-8: KITA asks to keep its device for 200 days from today. */
static int apply_extension(struct demo *d)
{
	const struct demo_application x = { "kita-manager", 4, 0, 200,
		d->loan_kita, "管内で継続中の事案について保護のための交信を続けるため" };
	int64_t id;

	return apply(d, &x, &id);
}

static int apply_yatsushiro(struct demo *d)
{
	const struct demo_application x = { "yatsu-manager", 4, 7, 180, 0,
		"管内で増加しているSNS上の不適切な書き込みへの対応のため" };
	int64_t id;

	return apply(d, &x, &id);
}

/* ---- documents past retention (issue 11, R-RET-1..3) ---------------- */

/*
 * Three applications of YATSUSHIRO over two years ago, refused: their
 * one year (暦年) has run, so the general manager's /disposal lists
 * them; the third is held (an investigation) and listed as held.
 */
static int64_t old_apps[3];

static int old_apply(struct demo *d)
{
	/* days from the real today: consulted before, the period after */
	const struct demo_application x = { "yatsu-manager", 762, -755, -700, 0,
		"（デモ）管内の夏季休暇中の見守り強化のため" };
	int rc = 0;

	for (int i = 0; rc == 0 && i < 3; i++)
		rc = apply(d, &x, &old_apps[i]);
	return rc;
}

static int old_refuse(struct demo *d)
{
	struct borrow_application app;
	struct actor gm;
	int rc = act_as(d, "gm", ROLE_GENERAL_MANAGER, &gm);

	for (int i = 0; rc == 0 && i < 3; i++) {
		rc = store_application_get(d->s, old_apps[i], cli_pool(), &app);
		if (rc == 0)
			rc = store_application_decide(d->s, &gm, app.id,
						      app.version,
						      APPLICATION_EV_REFUSE,
						      "（デモ）貸出可能な端末がないため",
						      "");
	}
	return failed("refuse an old borrowing application", rc);
}

static int old_hold(struct demo *d)
{
	struct actor gm;
	int rc = act_as(d, "gm", ROLE_GENERAL_MANAGER, &gm);

	if (rc == 0)
		rc = store_hold_place(d->s, &gm, "form3", old_apps[2],
				      HOLD_INVESTIGATION,
				      "（デモ）捜査関係事項照会に関係する資料", NULL);
	return failed("hold an old application", rc);
}

/* ---- SNS accounts, detail form 9 (R-SVC-1..3) ----------------------- */

static const char service_purpose[] =
	"児童による援助交際等を求める書き込みの発見と、保護のための交信";

/* R-SVC-1: the unit's assistant applies for an account on a device. */
static int service_apply(struct demo *d, const char *assistant,
			 int64_t device_id, const char *service,
			 const char *handle, int64_t *id)
{
	struct service_request r = { service, handle, device_id,
				     service_purpose };
	struct service_application out;
	struct actor ast;
	int rc = act_as(d, assistant, ROLE_ASSISTANT, &ast);

	if (rc == 0)
		rc = store_service_apply(d->s, &ast, ast.unit_id, &r, &out);
	*id = rc == 0 ? out.id : 0;
	return failed("apply for an external service", rc);
}

/* The next step of application id, by login in role (R-SVC-2). */
static int svc_step(struct demo *d, const char *login, enum role role,
			int64_t id, enum service_event ev)
{
	struct service_application x;
	struct actor a;
	int rc = act_as(d, login, role, &a);

	if (rc == 0)
		rc = store_service_get(d->s, id, cli_pool(), &x);
	if (rc == 0 && ev == SERVICE_EV_RECORD_MEASURES)
		rc = store_service_record_measures(d->s, &a, id, x.version,
			"端末のロックと二段階認証を設定し、位置情報を無効にする。"
			"交信の後は履歴を消去する。", 1, 1);
	else if (rc == 0)
		rc = store_service_step(d->s, &a, id, x.version, ev, "");
	return failed("take a step of an external-service application", rc);
}

/* KITA's X and LINE accounts on device 1 go through the whole chain. */
static int services_apply_kita(struct demo *d)
{
	return service_apply(d, "kita-assistant", d->devices[0], "X",
			     "@kumamoto_kita_cp", &d->services[0]) ||
	       service_apply(d, "kita-assistant", d->devices[0], "LINE",
			     "kita-cp-01", &d->services[1]);
}

static int services_kita(struct demo *d, const char *login, enum role role,
			 enum service_event ev)
{
	return svc_step(d, login, role, d->services[0], ev) ||
	       svc_step(d, login, role, d->services[1], ev);
}

static int services_permit_kita(struct demo *d)
{
	return services_kita(d, "kita-manager", ROLE_MANAGER, SERVICE_EV_PERMIT);
}

static int services_forward_kita(struct demo *d)
{
	return services_kita(d, "gm", ROLE_GENERAL_MANAGER, SERVICE_EV_FORWARD);
}

static int services_measures_kita(struct demo *d)
{
	return services_kita(d, "infosec", ROLE_INFOSEC_MANAGER,
			     SERVICE_EV_RECORD_MEASURES);
}

/* MINAMI's Instagram account waits for the information-security manager. */
static int service_apply_minami(struct demo *d)
{
	return service_apply(d, "minami-assistant", d->devices[1], "Instagram",
			     "minami_cp_02", &d->services[2]);
}

static int service_permit_minami(struct demo *d)
{
	return svc_step(d, "minami-manager", ROLE_MANAGER, d->services[2],
			    SERVICE_EV_PERMIT);
}

static int service_forward_minami(struct demo *d)
{
	return svc_step(d, "gm", ROLE_GENERAL_MANAGER, d->services[2],
			    SERVICE_EV_FORWARD);
}

/* ---- security exception and screenshots (R-EXC-3) ------------------- */

static int exception_apply(struct demo *d)
{
	struct security_exception e;
	struct actor gm;
	int rc = act_as(d, "gm", ROLE_GENERAL_MANAGER, &gm);

	memset(&e, 0, sizeof(e));
	e.kind = EXCEPTION_KIND_SCREENSHOT;
	e.scope = "貸出中のサイバーパトロール用スマートフォンで、交信の記録が必要な場合に画面全体を撮影し、一時的に端末に保存すること";
	e.purpose = "児童との交信の内容を正確に記録するため";
	if (rc == 0)
		rc = store_exception_apply(d->s, &gm, &e);
	d->exception_id = e.id;
	return failed("apply for a security exception", rc);
}

/* Approved from its day until 270 days from today. */
static int exception_approve(struct demo *d)
{
	struct security_exception e;
	struct civil_date from = clock_day(d), until = day_of(d, 270);
	struct actor ism;
	int rc = act_as(d, "infosec", ROLE_INFOSEC_MANAGER, &ism);

	if (rc == 0)
		rc = store_exception_get(d->s, d->exception_id, cli_pool(), &e);
	if (rc == 0)
		rc = exception_check_period(&from, &until, NULL);
	if (rc == 0)
		rc = store_exception_approve(d->s, &ism, e.id, e.version,
					     e.scope, &from, &until);
	return failed("approve a security exception", rc);
}

/* A screenshot KITA's officer took an hour before the clock. */
static int screenshot(struct demo *d, const char *case_ref, int64_t *id)
{
	struct screenshot sh;
	struct actor com;
	int rc = act_as(d, "kita-comm", ROLE_COMM_OFFICER, &com);

	memset(&sh, 0, sizeof(sh));
	sh.loan_id = d->loan_kita;
	sh.case_ref = case_ref;
	sh.taken_at = d->at - HOUR;
	sh.reason = "待ち合わせの日時と場所を示すメッセージを記録するため";
	if (rc == 0)
		rc = civil_from_unix(sh.taken_at, &sh.taken_on);
	if (rc == 0)
		rc = store_screenshot_record(d->s, &com, &sh);
	*id = sh.id;
	return failed("record a screenshot", rc);
}

static int screenshot_moved(struct demo *d)
{
	return screenshot(d, "北署 サイバーパトロール事案 第3号",
			  &d->screenshot_moved);
}

static int screenshot_move(struct demo *d)
{
	struct screenshot sh;
	struct actor com;
	int rc = act_as(d, "kita-comm", ROLE_COMM_OFFICER, &com);

	if (rc == 0)
		rc = store_screenshot_get(d->s, d->screenshot_moved, cli_pool(),
					  &sh);
	if (rc == 0)
		rc = store_screenshot_dispose(d->s, &com, sh.id, sh.version,
			SCREENSHOT_EV_MOVE,
			"捜査用携帯パソコンへ移し、端末から削除した");
	return failed("move a screenshot", rc);
}

/* Still on the device 12 days later: past the policy's days. */
static int screenshot_kept(struct demo *d)
{
	int64_t id;

	return screenshot(d, "北署 サイバーパトロール事案 第5号", &id);
}

/* ---- breach reports (R-CMP-6) --------------------------------------- */

/* The unit's assistant reports what happened the day before. */
static int report_breach(struct demo *d, const char *assistant,
			 enum breach_rule rule, const char *what, int64_t *id)
{
	struct breach b;
	struct actor ast;
	int rc = act_as(d, assistant, ROLE_ASSISTANT, &ast);

	memset(&b, 0, sizeof(b));
	b.unit_id = ast.unit_id;
	b.rule = rule;
	b.what = what;
	b.who = "少年係員（巡査）";
	b.occurred_at = d->at - 20 * HOUR;
	if (rc == 0)
		rc = store_breach_report(d->s, &ast, &b);
	*id = b.id;
	return failed("report a breach", rc);
}

static int breach_kita(struct demo *d)
{
	return report_breach(d, "kita-assistant", BREACH_RULE_CONNECTION,
		"端末を充電するため、私用のパソコンにUSBケーブルで接続した。",
		&d->breach_kita);
}

/* Forwarded as a reportable incident: to the general manager and the IT head. */
static int breach_kita_forward(struct demo *d)
{
	struct breach b;
	struct actor mgr;
	int rc = act_as(d, "kita-manager", ROLE_MANAGER, &mgr);

	if (rc == 0)
		rc = store_breach_get(d->s, d->breach_kita, cli_pool(), &b);
	if (rc == 0)
		rc = store_breach_step(d->s, &mgr, b.id, b.version,
				       BREACH_EV_FORWARD_INCIDENT);
	return failed("forward a breach report", rc);
}

/* MINAMI's report waits for its manager. */
static int breach_minami(struct demo *d)
{
	int64_t id;

	return report_breach(d, "minami-assistant", BREACH_RULE_FUNCTIONS,
			     "交信中に端末のカメラで執務室内を撮影した。", &id);
}

/* ---- take-out, detail form 1 (R-DEV-7) ----------------------------- */

/* Out since two and a half hours ago, back in three hours. */
static int takeout_request(struct demo *d)
{
	struct takeout t;
	struct actor com;
	int rc = act_as(d, "kita-comm", ROLE_COMM_OFFICER, &com);

	memset(&t, 0, sizeof(t));
	t.loan_id = d->loan_kita;
	t.out_at = d->now - 150 * 60;
	t.expected_back = d->now + 3 * HOUR;
	t.destination = "熊本市北区内（待ち合わせ場所の周辺）";
	t.reason = "交信相手の児童との待ち合わせの現場で連絡をとるため";
	if (rc == 0)
		rc = store_takeout_request(d->s, &com, &t);
	d->takeout = t.id;
	return failed("request a take-out", rc);
}

static int takeout_permit(struct demo *d)
{
	struct takeout t;
	struct actor ast;
	int rc = act_as(d, "kita-assistant", ROLE_ASSISTANT, &ast);

	if (rc == 0)
		rc = store_takeout_get(d->s, d->takeout, cli_pool(), &t);
	if (rc == 0)
		rc = store_takeout_decide(d->s, &ast, t.id, t.version,
					  TAKEOUT_EV_PERMIT, "");
	return failed("permit a take-out", rc);
}

/* ---- protective-contact cases (R-CASE-1, R-CASE-2) ------------------ */

/*
 * A station's report of a post found the evening before.  Every text is
 * made up for the demo ("（架空）"): no real post, person or account.
 */
static int report_case(struct demo *d, const char *login, enum role role,
		       const char *text, const char *signals, int64_t *id)
{
	struct protect_case c;
	struct actor a;
	int rc = act_as(d, login, role, &a);

	memset(&c, 0, sizeof(c));
	c.unit_id = a.unit_id;
	c.found_at = d->at - 12 * HOUR;
	c.service = "架空SNS（デモ）";
	c.post_ref = "https://sns.example.invalid/demo/post/0001";
	c.post_text = text;
	c.risk_signals = signals;
	if (rc == 0)
		rc = store_case_report(d->s, &a, &c);
	*id = c.id;
	return failed("report a post found", rc);
}

static int case_kita_report(struct demo *d)
{
	return report_case(d, "kita-officer", ROLE_OPERATIONS_OFFICER,
		"（架空のデモ投稿）中2です。今夜泊めてくれる人いませんか。"
		"お礼はします。", "年少者と思われる者が宿泊先と「お礼」を"
		"示して相手を募っている", &d->case_kita);
}

static int case_minami_report(struct demo *d)
{
	return report_case(d, "minami-officer", ROLE_OPERATIONS_OFFICER,
		"（架空のデモ投稿）週末に友だちとカラオケ行く人募集。",
		"年少者と思われる者が見知らぬ相手を誘っている",
		&d->case_minami);
}

/* The case's current version, for a step. */
static int case_version(struct demo *d, int64_t id, int64_t *version)
{
	struct protect_case c;
	int rc = store_case_get(d->s, id, cli_pool(), &c);

	*version = rc == 0 ? c.version : 0;
	return rc;
}

static int triage_case(struct demo *d, int64_t id, enum case_crime crime,
		       const char *other, enum case_need need,
		       const char *reason)
{
	struct case_triage t = { crime, other, need, reason };
	struct actor gm;
	int64_t v = 0;
	int rc = act_as(d, "gm", ROLE_GENERAL_MANAGER, &gm);

	if (rc == 0)
		rc = case_version(d, id, &v);
	if (rc == 0)
		rc = store_case_triage(d->s, &gm, id, v, &t);
	return failed("judge a case", rc);
}

static int case_kita_triage(struct demo *d)
{
	return triage_case(d, d->case_kita, CASE_CRIME_PROSTITUTION, "",
		CASE_NEED_HIGH, "（デモ）13歳前後と思われ、宿泊と対価を示して"
		"相手を募っており、児童買春に巻き込まれるおそれが高い。");
}

static int case_minami_triage(struct demo *d)
{
	return triage_case(d, d->case_minami, CASE_CRIME_OTHER,
		"（デモ）青少年保護育成条例違反", CASE_NEED_NOT_HIGH, "（デモ）性的な被害や金銭をうかがわせる"
		"記載がなく、保護等の必要性が高いとは認められない。");
}

/* R-ROLE-5, R-DEV-6: the case given to KITA's communication officer and
 * its device. */
static int assign_case(struct demo *d, int64_t case_id)
{
	struct case_assignment as = { 0 };
	struct actor gm;
	struct user u;
	int64_t v = 0;
	int rc = act_as(d, "gm", ROLE_GENERAL_MANAGER, &gm);

	if (rc == 0)
		rc = store_user_get_by_login(d->s, "kita-comm", &u);
	if (rc == 0) {
		as.unit_id = u.unit_id;
		as.officer_id = u.id;
		as.device_id = d->devices[0];
		rc = case_version(d, case_id, &v);
	}
	if (rc == 0)
		rc = store_case_assign(d->s, &gm, case_id, v, &as);
	return failed("assign a case", rc);
}

static int case_kita_assign(struct demo *d)
{
	return assign_case(d, d->case_kita);
}

/* A message logged on the case by KITA's officer; flag: the check's
 * finding, or NULL. */
static int log_message_on(struct demo *d, int64_t case_id,
			  enum case_direction dir, const char *text,
			  const char *shot, const char *flag)
{
	struct case_message m;
	struct actor com;
	int rc = act_as(d, "kita-comm", ROLE_COMM_OFFICER, &com);

	memset(&m, 0, sizeof(m));
	m.at = d->at - 5 * 60;
	m.direction = dir;
	m.text = text;
	m.screenshot_ref = shot;
	/* the officer logs as the case's officer, not in a role */
	com.role = ROLE_NONE;
	if (rc == 0)
		rc = store_case_log(d->s, &com, case_id, &m, flag != NULL,
				    flag ? flag : "");
	return failed("log a message", rc);
}

static int log_message(struct demo *d, enum case_direction dir,
		       const char *text, const char *shot, const char *flag)
{
	return log_message_on(d, d->case_kita, dir, text, shot, flag);
}

static int case_kita_sent(struct demo *d)
{
	return log_message(d, CASE_DIR_SENT, "（デモ）こんばんは。投稿を見ました。"
		"今どこにいますか？", "SS-デモ-0001", NULL);
}

static int case_kita_received(struct demo *d)
{
	return log_message(d, CASE_DIR_RECEIVED, "（デモ）駅の近く。泊まるところ"
		"探してる", "SS-デモ-0002", NULL);
}

/* R-CASE-2: flagged by the check, waiting for the assistant's review. */
static int case_kita_flagged(struct demo *d)
{
	return log_message(d, CASE_DIR_SENT, "（デモ）お小遣いの話は会ってから"
		"しよう。まず駅前の交番の近くで会える？", "SS-デモ-0003",
		"金銭・対償の提示：お小遣い");
}

static int case_kita_second(struct demo *d)
{
	int64_t id;

	return report_case(d, "kita-assistant", ROLE_ASSISTANT,
		"（架空のデモ投稿）JKです。写メ送ってくれたら会ってもいいよ。",
		"年少者と思われる者が画像のやり取りと面会をほのめかしている",
		&id);
}

/* ---- meetings (R-CASE-3..11) ------------------------------------------ */

/* An earlier KITA case, to be met, guided and followed up (closed). */
static int case_past_report(struct demo *d)
{
	if (!d->which)
		return report_case(d, "kita-officer", ROLE_OPERATIONS_OFFICER,
			"（架空のデモ投稿）中3。家に帰りたくない。今夜泊めて"
			"くれる人いませんか。", "年少者と思われる者が宿泊先を"
			"求めている", &d->past[0].case_id);
	return report_case(d, "kita-officer", ROLE_OPERATIONS_OFFICER,
		"（架空のデモ投稿）高1。お小遣いくれる人と会いたい。"
		"ホ別でお願いします。", "年少者と思われる者が対価を示して"
		"相手を募っている", &d->past[d->which].case_id);
}

static int case_past_triage(struct demo *d)
{
	return triage_case(d, d->past[d->which].case_id, CASE_CRIME_PROSTITUTION, "",
		CASE_NEED_HIGH, "（デモ）高校生と思われ、対価を示して相手を"
		"募っており、児童買春の被害に遭うおそれが高い。");
}

static int case_past_assign(struct demo *d)
{
	return assign_case(d, d->past[d->which].case_id);
}

static int case_past_log(struct demo *d)
{
	return log_message_on(d, d->past[d->which].case_id, CASE_DIR_RECEIVED,
			      "（デモ）土曜の夕方、駅前なら会えるよ",
			      "SS-デモ-0101", NULL);
}

/*
 * R-CASE-3, R-CASE-5, R-CASE-6: the communication officer's report before
 * a meeting at meet_at: the officer herself (the person is thought
 * female) and the unit's operations officer go.
 */
static int report_meeting(struct demo *d, int64_t case_id, int64_t meet_at,
			  int64_t *id)
{
	struct meeting *m = calloc(1, sizeof *m);
	struct user off;
	struct actor com;
	int rc = m ? act_as(d, "kita-comm", ROLE_COMM_OFFICER, &com)
		   : MM_ENOMEM;

	if (rc == 0)
		rc = store_user_get_by_login(d->s, "kita-officer", &off);
	if (rc == 0) {
		m->case_id = case_id;
		m->unit_id = com.unit_id;
		m->place = "（デモ）JR駅前広場の交番付近";
		m->meet_at = meet_at;
		m->person_female = 1;
		m->staff[0] = com.user_id;
		m->staff[1] = off.id;
		m->escape_plan = "（デモ）駅の出入口2か所に私服員を配置する";
		m->setup_plan = "（デモ）同行者の有無を接触前に離れた位置から"
				"確認し、男性が現れた場合は接触を中止する";
		m->division_notified = 1;
		rc = store_meeting_report(d->s, &com, m);
		*id = m->id;
	}
	free(m);
	return failed("report a meeting", rc);
}

static int meeting_version(struct demo *d, int64_t id, int64_t *v)
{
	struct meeting *m = calloc(1, sizeof *m);
	int rc = m ? store_meeting_get(d->s, id, cli_pool(), m) : MM_ENOMEM;

	*v = rc == 0 ? m->version : 0;
	free(m);
	return rc;
}

/* A step of the meeting's chain by login in role (forward, instruct...). */
static int meeting_step_as(struct demo *d, int64_t id, const char *login,
			   enum role role, enum meeting_event ev,
			   const char *text)
{
	struct actor a;
	int64_t v = 0;
	int rc = act_as(d, login, role, &a);

	if (rc == 0)
		rc = meeting_version(d, id, &v);
	if (rc == 0)
		rc = store_meeting_step(d->s, &a, id, v, ev, text);
	return failed("take a step of a meeting", rc);
}

static int meeting_past_report(struct demo *d)
{
	return report_meeting(d, d->past[d->which].case_id,
			      d->which ? moment(d, 17, 17, 0)
				       : moment(d, 46, 17, 0),
			      &d->past[d->which].meeting_id);
}

static int meeting_past_forward(struct demo *d)
{
	return meeting_step_as(d, d->past[d->which].meeting_id, "kita-assistant",
			       ROLE_ASSISTANT, MEETING_EV_FORWARD, NULL);
}

static int meeting_past_instruct(struct demo *d)
{
	return meeting_step_as(d, d->past[d->which].meeting_id, "kita-manager",
			       ROLE_MANAGER, MEETING_EV_INSTRUCT,
			       "（デモ）佐藤巡査部長が先に接触し、山本警部補は"
			       "後方で待機。逃走時は追わずに保護者へ連絡する。");
}

/*
 * Issue 9: the made-up child (見本 花子), spelt differently in the two
 * cases - the kana in katakana once, the name with a full-width space -
 * as the person look-up must see through; sealed at rest.
 */
static void child_identity(const struct demo *d, struct meeting *o)
{
	o->child_name = d->which ? "（架空）見本 花子" : "（架空）見本　花子";
	o->child_kana = d->which ? "みほん はなこ" : "ミホン ハナコ";
	o->child_birth = (struct civil_date){ 2011, 5, 5 };
	o->child_school = "（架空）見本市立見本中学校";
	o->guardian_name = "（架空）見本 和子";
}

/* Selects the older of the two closed cases for the steps that follow. */
static int older_begin(struct demo *d)
{
	d->which = 0;
	return 0;
}

static int past_begin(struct demo *d)
{
	d->which = 1;
	return 0;
}

/* R-CASE-4, R-CASE-7: met, a juvenile, guided; the mother told. */
static int meeting_past_outcome(struct demo *d)
{
	struct meeting *o = calloc(1, sizeof *o);
	struct actor com;
	int64_t v = 0;
	int rc = o ? act_as(d, "kita-comm", ROLE_COMM_OFFICER, &com)
		   : MM_ENOMEM;

	if (rc == 0)
		rc = meeting_version(d, d->past[d->which].meeting_id, &v);
	if (rc == 0) {
		o->met = 1;
		o->juvenile = 1;
		o->guidance = GUIDANCE_ENTERTAINMENT;
		o->guidance_note = "（デモ）不適切な書き込みの危険性を説明し、"
				   "書き込みを削除させた";
		o->guardians_told = 1;
		o->guardian = "母";
		o->guardians_told_at = d->at - 30 * 60;
		o->guardians_told_how = "来署の上で面談";
		o->guardians_urged = 1;
		o->outcome_note = "（デモ）対象者は一人で来た。同行者なし。";
		if (d->sealed)
			child_identity(d, o);
		rc = store_meeting_outcome(d->s, &com, d->past[d->which].meeting_id, v, o);
	}
	free(o);
	return failed("record a meeting's outcome", rc);
}

static int meeting_past_results(struct demo *d)
{
	return meeting_step_as(d, d->past[d->which].meeting_id, "kita-comm",
			       ROLE_COMM_OFFICER, MEETING_EV_REPORT_RESULTS,
			       NULL);
}

/* R-CASE-11: the child's circumstances weighed; support is needed. */
static int meeting_past_assess(struct demo *d)
{
	struct meeting *a = calloc(1, sizeof *a);
	struct actor mgr;
	int64_t v = 0;
	int rc = a ? act_as(d, "kita-manager", ROLE_MANAGER, &mgr)
		   : MM_ENOMEM;

	if (rc == 0)
		rc = meeting_version(d, d->past[d->which].meeting_id, &v);
	if (rc == 0) {
		a->victim_history = "（デモ）なし";
		a->delinquency_history = "（デモ）深夜はいかいで補導歴1回";
		a->guidance_history = d->which ? "（デモ）前年に1回、先月にも"
			"不適切な書き込みで補導（同一少年の過去の記録）"
					       : "（デモ）前年に1回";
		a->guardian_capacity = "（デモ）母は就労で夜間不在が多い";
		a->friendships = "（デモ）SNS上の年長者との交流が多い";
		/* the second time, support is needed */
		a->support_needed = d->which;
		rc = store_meeting_assess(d->s, &mgr, d->past[d->which].meeting_id, v, a);
	}
	free(a);
	return failed("assess a guided child", rc);
}

static int meeting_past_measure(struct demo *d)
{
	struct meeting_measure x = { .kind = MEASURE_CONTINUED_GUIDANCE,
				     .note = "（デモ）月1回、少年補導職員が面接" };
	struct actor mgr;
	int64_t v = 0;
	int rc = act_as(d, "kita-manager", ROLE_MANAGER, &mgr);

	x.decided_on = clock_day(d);
	if (rc == 0)
		rc = meeting_version(d, d->past[d->which].meeting_id, &v);
	if (rc == 0)
		rc = store_meeting_measure(d->s, &mgr, d->past[d->which].meeting_id, v, &x);
	return failed("record a measure", rc);
}

static int meeting_past_close(struct demo *d)
{
	return meeting_step_as(d, d->past[d->which].meeting_id, "kita-manager",
			       ROLE_MANAGER, MEETING_EV_CLOSE, d->which ?
			       "（デモ）継続補導とし、本件は終結する。" :
			       "（デモ）保護者の監護に委ね、本件は終結する。");
}

/* KITA's open case: a meeting tomorrow, reported, with the assistant. */
static int meeting_kita_report(struct demo *d)
{
	int64_t id;

	return report_meeting(d, d->case_kita, d->now + DAY, &id);
}

/* ---- the history, in the order it happened -------------------------- */

struct step {
	int days_ago, hh, mm;   /* when, Asia/Tokyo ... */
	int minutes_ago;        /* ... or this many minutes before now */
	int (*run)(struct demo *d);
};

static const struct step history[] = {
	{ 760, 10, 0, 0, old_apply },
	{ 758, 14, 0, 0, old_refuse },
	{ 110, 10, 0, 0, register_devices },
	{ 105, 10, 0, 0, apply_kita },
	{ 105, 11, 0, 0, apply_minami },
	{ 103, 14, 0, 0, approve_kita },
	{ 103, 14, 10, 0, approve_minami },
	{ 100, 10, 0, 0, lend_kita },
	{ 100, 10, 30, 0, lend_minami },
	{ 99, 15, 0, 0, receive_kita },
	{ 98, 15, 0, 0, receive_minami },
	{ 97, 9, 0, 0, exception_apply },
	{ 96, 14, 0, 0, exception_approve },
	{ 95, 10, 0, 0, services_apply_kita },
	{ 94, 11, 0, 0, services_permit_kita },
	{ 93, 13, 0, 0, services_forward_kita },
	{ 92, 15, 0, 0, services_measures_kita },
	/* MINAMI's first check is its last: two months missed since. */
	{ 90, 10, 0, 0, check_minami },
	{ 90, 11, 0, 0, check_kita },
	{ 60, 11, 0, 0, check_kita },
	/* issue 9: an earlier case of the same made-up child, closed */
	{ 50, 10, 0, 0, older_begin },
	{ 50, 10, 0, 0, case_past_report },
	{ 50, 14, 0, 0, case_past_triage },
	{ 50, 15, 0, 0, case_past_assign },
	{ 49, 20, 0, 0, case_past_log },
	{ 47, 10, 0, 0, meeting_past_report },
	{ 47, 11, 0, 0, meeting_past_forward },
	{ 47, 14, 0, 0, meeting_past_instruct },
	{ 46, 18, 30, 0, meeting_past_outcome },
	{ 45, 10, 0, 0, meeting_past_results },
	{ 44, 10, 0, 0, meeting_past_assess },
	{ 43, 16, 0, 0, meeting_past_close },
	{ 30, 11, 0, 0, check_kita },
	{ 30, 16, 0, 0, screenshot_moved },
	{ 29, 10, 0, 0, screenshot_move },
	{ 21, 10, 0, 0, past_begin },
	{ 21, 10, 0, 0, case_past_report },
	{ 21, 14, 0, 0, case_past_triage },
	{ 21, 15, 0, 0, case_past_assign },
	{ 20, 20, 0, 0, case_past_log },
	{ 18, 10, 0, 0, meeting_past_report },
	{ 18, 11, 0, 0, meeting_past_forward },
	{ 18, 14, 0, 0, meeting_past_instruct },
	{ 17, 18, 30, 0, meeting_past_outcome },
	{ 16, 10, 0, 0, meeting_past_results },
	{ 15, 10, 0, 0, meeting_past_assess },
	{ 15, 11, 0, 0, meeting_past_measure },
	{ 14, 16, 0, 0, meeting_past_close },
	{ 12, 16, 0, 0, screenshot_kept },
	{ 10, 10, 0, 0, old_hold },
	{ 7, 9, 30, 0, breach_kita },
	{ 6, 10, 0, 0, breach_kita_forward },
	{ 5, 10, 0, 0, service_apply_minami },
	{ 4, 11, 0, 0, service_permit_minami },
	{ 4, 13, 0, 0, case_kita_report },
	{ 4, 13, 30, 0, case_minami_report },
	{ 4, 15, 0, 0, case_kita_triage },
	{ 4, 15, 30, 0, case_minami_triage },
	{ 4, 16, 0, 0, case_kita_assign },
	{ 3, 13, 0, 0, service_forward_minami },
	{ 3, 14, 0, 0, apply_extension },
	{ 3, 20, 0, 0, case_kita_sent },
	{ 3, 20, 30, 0, case_kita_received },
	{ 3, 21, 0, 0, case_kita_flagged },
	{ 2, 9, 0, 0, breach_minami },
	{ 2, 11, 0, 0, apply_yatsushiro },
	{ 1, 9, 30, 0, case_kita_second },
	{ 1, 11, 0, 0, check_kita },
	{ 0, 0, 0, 190, meeting_kita_report },
	{ 0, 0, 0, 180, takeout_request },
	{ 0, 0, 0, 170, takeout_permit },
};

int64_t demo_history_start(int64_t now)
{
	struct demo d = { .now = now };

	return moment(&d, DEMO_HISTORY_DAYS, 9, 0);
}

int demo_history(struct store *s, int64_t now, int sealed)
{
	struct demo d = { .s = s, .now = now, .at = demo_history_start(now),
			  .sealed = sealed };
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof(history) / sizeof(history[0]);
	     i++) {
		const struct step *x = &history[i];
		rc = clock_to(&d, x->minutes_ago ? now - x->minutes_ago * 60
				: moment(&d, x->days_ago, x->hh, x->mm));
		if (rc == 0 && x->run(&d) != 0)
			rc = CLI_FAIL;
	}
	store_clock_set(0);
	return rc;
}
