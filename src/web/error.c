/*
 * error.c - web_error_page() of web.h: the full Japanese error page.
 */
#include "web.h"

#include <string.h>

#include "layout.h"
#include "mfa.h"
#include "../app/mfa.h"
#include "../lib/banned.h"

static const char *heading_for(int status)
{
	switch (status) {
	case 400: case 422: return "入力内容を確認してください";
	case 401: return "ログインしてください";
	case 403: return "アクセスが許可されていません";
	case 404: return "ページが見つかりません";
	case 405: return "この操作はできません";
	case 409: return "記録が更新されています";
	case 413: return "送信された内容が大きすぎます";
	case 429: return "しばらくしてからやり直してください";
	case 503: return "ただいま利用できません";
	default: return "エラーが発生しました";
	}
}

void web_error_page(struct ctx *c, int status, const char *code,
		    const char *message, const char *field)
{
	struct page p;
	const char *heading = heading_for(status);

	page_begin(&p, c, heading, NULL);
	html_elem(&p.h, "h1", NULL, heading);
	if (message && *message)
		html_elem(&p.h, "p", NULL, message);
	html_open(&p.h, "p", NULL);
	if (status == 403 && message && (!strcmp(message, MFA_STEP_UP_MSG) ||
					 !strcmp(message, MFA_MINT_MSG))) {
		/* step-up: the code's page returns to the refused form */
		char link[600];

		web_mfa_verify_link(c, link, sizeof link);
		html_elem(&p.h, "a", "href", link, NULL, "確認コードを入力する");
	} else if (status == 401)
		html_elem(&p.h, "a", "href", "/login", NULL, "ログイン画面へ");
	else
		html_elem(&p.h, "a", "href", "/", NULL, "ホームへ戻る");
	html_close(&p.h, "p");
	page_end(&p, status);
}
