/*
 * test_pages.c - one page of a list in one query (store/ops/page.c,
 * issue 8), on SQLite and, with MAMORI_TEST_PG, on PostgreSQL: a list
 * is walked forwards and backwards, each row once, in its stable order
 * (here the users' kana reading with ties broken by id); the view
 * selects the rows in the query, so pages are full; a cursor the view
 * does not hold cannot continue the list; a page never holds more than
 * STORE_PAGE_MAX rows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/store_devices.h"

#define KITA_USERS 23
#define MINAMI_USERS 7

static int64_t user_with_kana(struct fx *f, const char *login, int64_t unit,
			      const char *kana)
{
	struct user u = { 0 };

	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.name, sizeof u.name, "職員 %s", login);
	snprintf(u.name_kana, sizeof u.name_kana, "%s", kana);
	u.rank = RANK_KEIBUHO;
	u.unit_id = unit;
	assert_int_equal(store_user_create(f->s, &fx_admin, &u, "x"), 0);
	return u.id;
}

/* KITA's users with four readings (ties), and MINAMI's. */
static void make_users(struct fx *f)
{
	static const char *const kana[] = { "い", "あ", "え", "う" };
	char login[32];

	fx_units(f);
	for (int i = 0; i < KITA_USERS; i++) {
		snprintf(login, sizeof login, "kita%02d", i);
		user_with_kana(f, login, f->kita, kana[i % 4]);
	}
	for (int i = 0; i < MINAMI_USERS; i++) {
		snprintf(login, sizeof login, "minami%02d", i);
		user_with_kana(f, login, f->minami, kana[i % 4]);
	}
}

static struct authz_view unit_view(int64_t unit)
{
	struct authz_view v;

	memset(&v, 0, sizeof v);
	v.n_units = 1;
	v.units[0] = unit;
	return v;
}

/* Whether a comes before b in the list's order (kana bytes, then id). */
static int in_order(const struct user *a, const struct user *b)
{
	int c = strcmp(a->name_kana, b->name_kana);

	return c < 0 || (c == 0 && a->id < b->id);
}

static void test_walk_forward_and_back(void **state)
{
	struct fx *f = *state;
	struct authz_view kita;
	struct user all[KITA_USERS];
	struct page_req req = { .limit = 4 };
	struct user_list l = { 0 };
	size_t n = 0, pages = 0;

	make_users(f);
	kita = unit_view(f->kita);
	do {
		assert_int_equal(store_user_list(f->s, &kita, 0, 0, &req, &l), 0);
		assert_true(l.n <= 4);
		if (l.at.next)
			assert_int_equal(l.n, 4); /* full, but for the last */
		for (size_t i = 0; i < l.n; i++) {
			assert_int_equal(l.items[i].unit_id, f->kita);
			assert_string_equal(l.joined[i].unit_name, "KITA署");
			all[n++] = l.items[i];
		}
		pages++;
		req.after = l.at.next;
		user_list_release(&l);
	} while (req.after && pages < 100);
	assert_int_equal(n, KITA_USERS);
	for (size_t i = 1; i < n; i++)
		assert_true(in_order(&all[i - 1], &all[i]));
	/* back from the last page to the first, each page as it was */
	req = (struct page_req){ .limit = 4,
				 .after = all[(pages - 1) * 4 - 1].id };
	assert_int_equal(store_user_list(f->s, &kita, 0, 0, &req, &l), 0);
	assert_int_equal(l.n, n - (pages - 1) * 4);
	assert_int_equal(l.at.next, 0);
	for (size_t p = pages - 1; p > 0; p--) {
		req = (struct page_req){ .limit = 4, .before = l.at.prev };
		assert_true(l.at.prev != 0);
		user_list_release(&l);
		assert_int_equal(store_user_list(f->s, &kita, 0, 0, &req, &l), 0);
		assert_int_equal(l.n, 4);
		for (size_t i = 0; i < 4; i++)
			assert_int_equal(l.items[i].id, all[(p - 1) * 4 + i].id);
		assert_int_equal(l.at.next, all[p * 4 - 1].id);
	}
	assert_int_equal(l.at.prev, 0); /* the first page */
	user_list_release(&l);
	/* going back from near the start gives the whole first page */
	req = (struct page_req){ .limit = 4, .before = all[2].id };
	assert_int_equal(store_user_list(f->s, &kita, 0, 0, &req, &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.items[0].id, all[0].id);
	assert_int_equal(l.at.prev, 0);
	assert_int_equal(l.at.next, all[3].id);
	user_list_release(&l);
}

static void test_view_selects_in_the_query(void **state)
{
	struct fx *f = *state;
	struct authz_view kita, nothing, both;
	struct page_req req = { 0 };
	struct user_list l = { 0 };
	int64_t minami_user;

	make_users(f);
	kita = unit_view(f->kita);
	memset(&nothing, 0, sizeof nothing);
	both = kita;
	both.units[both.n_units++] = f->minami;
	assert_int_equal(store_user_list(f->s, &both, 0, 0, &req, &l), 0);
	assert_int_equal(l.n, KITA_USERS + MINAMI_USERS);
	minami_user = l.items[0].unit_id == f->minami ? l.items[0].id : 0;
	for (size_t i = 0; !minami_user && i < l.n; i++)
		if (l.items[i].unit_id == f->minami)
			minami_user = l.items[i].id;
	user_list_release(&l);
	assert_int_equal(store_user_list(f->s, NULL, 0, 0, &req, &l), 0);
	assert_int_equal(l.n, KITA_USERS + MINAMI_USERS);
	user_list_release(&l);
	/* nothing to see: an empty page, and no next */
	assert_int_equal(store_user_list(f->s, &nothing, 0, 0, &req, &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.at.next, 0);
	user_list_release(&l);
	/* a filter narrows within the view, never widens it */
	assert_int_equal(store_user_list(f->s, &kita, f->minami, 0, &req, &l), 0);
	assert_int_equal(l.n, 0);
	user_list_release(&l);
	/* a row outside the view cannot place a page of an ordered list */
	req.after = minami_user;
	assert_int_equal(store_user_list(f->s, &kita, 0, 0, &req, &l),
			 MM_ENOTFOUND);
	assert_null(l.items);
	assert_int_equal(l.n, 0);
	req.after = 999999;
	assert_int_equal(store_user_list(f->s, &kita, 0, 0, &req, &l),
			 MM_ENOTFOUND);
	/* the owner part of a view: its own account, of any unit */
	memset(&nothing, 0, sizeof nothing);
	nothing.owner_user_id = minami_user;
	req.after = 0;
	assert_int_equal(store_user_list(f->s, &nothing, 0, 0, &req, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, minami_user);
	user_list_release(&l);
}

/* A page never holds more than STORE_PAGE_MAX rows; limit 0 is the default. */
static void test_page_is_bounded(void **state)
{
	struct fx *f = *state;
	enum { N = STORE_PAGE_MAX + 17 };
	struct device *items = calloc(N, sizeof *items);
	struct page_req req = { .limit = 100000 };
	struct device_list l = { 0 };
	static const char *const models[] = { "M0", "M1", "M2" };
	size_t bad = 0, seen = 0;

	assert_non_null(items);
	for (size_t i = 0; i < N; i++) {
		items[i].model = models[i % 3];
		snprintf(items[i].serial, sizeof items[i].serial, "S-%04zu", i);
	}
	assert_int_equal(store_device_import(f->s, &fx_admin, items, N, &bad), 0);
	free(items);
	assert_int_equal(store_device_list(f->s, NULL, DEVICE_NONE, &req, &l), 0);
	assert_int_equal(l.n, STORE_PAGE_MAX);
	assert_true(l.at.next != 0);
	seen = l.n;
	req.after = l.at.next;
	device_list_release(&l);
	assert_int_equal(store_device_list(f->s, NULL, DEVICE_NONE, &req, &l), 0);
	assert_int_equal(l.n, N - STORE_PAGE_MAX);
	assert_int_equal(l.at.next, 0);
	seen += l.n;
	device_list_release(&l);
	assert_int_equal(seen, N);
	req = (struct page_req){ 0 };
	assert_int_equal(store_device_list(f->s, NULL, DEVICE_NONE, &req, &l), 0);
	assert_int_equal(l.n, STORE_PAGE_DEFAULT);
	device_list_release(&l);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_walk_forward_and_back),
		T(test_view_selects_in_the_query),
		T(test_page_is_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
