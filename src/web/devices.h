/*
 * devices.h - the device registry screens (R-DEV-1): list, register,
 * edit, retire and reinstate, the per-device history, and the CSV import
 * (dry run lists every row's errors; nothing is imported unless all rows
 * are valid).  Routes in routes.c.
 */
#ifndef MM_WEB_DEVICES_H
#define MM_WEB_DEVICES_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "lists.h"

/* GET /devices, by web_list() */
extern const struct web_list_route web_devices_list;
void web_device_new(struct ctx *c);      /* GET /devices/new */
void web_device_create(struct ctx *c);   /* POST /devices */
void web_device_show(struct ctx *c);     /* GET /devices/{id}: with history */
void web_device_edit(struct ctx *c);     /* GET /devices/{id}/edit */
void web_device_update(struct ctx *c);   /* POST /devices/{id} */
void web_device_retire(struct ctx *c);   /* POST /devices/{id}/retire */
void web_device_reinstate(struct ctx *c); /* POST /devices/{id}/reinstate */
void web_device_import_form(struct ctx *c); /* GET /devices/import */
void web_device_import(struct ctx *c);   /* POST /devices/import (multipart) */

#endif
