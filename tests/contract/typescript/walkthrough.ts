// A work order from planning to completion through openapi-fetch, typed by openapi-typescript
// from the document (schema.d.ts is generated next to this file by tests/contract/test_clients.py).
// `tsc --noEmit` checks it: a document whose types a TypeScript client cannot use fails there.
// Every edit and action sends the version from the ETag header of the last answer (If-Match).
import createClient from "openapi-fetch";
import type { paths } from "./schema";

function etagOf(response: Response): string {
    const etag = response.headers.get("ETag");
    if (etag === null) {
        throw new Error(`no ETag on ${response.url}`);
    }
    return etag;
}

function expectData<T>(result: { data?: T; error?: unknown; response: Response }): T {
    if (result.data === undefined) {
        throw new Error(`${result.response.status}: ${JSON.stringify(result.error)}`);
    }
    return result.data;
}

export async function walk(baseUrl: string, email: string, password: string): Promise<string> {
    const anonymous = createClient<paths>({ baseUrl });
    const token = expectData(
        await anonymous.POST("/api/v1/auth/token", {
            body: { username: email, password },
            bodySerializer: (form) => new URLSearchParams({ username: form.username, password: form.password }),
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
    ).access_token;
    const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
    const suffix = Math.random().toString(16).slice(2, 8).toUpperCase();

    const station = expectData(
        await api.POST("/api/v1/work-centers", { body: { code: `CNC-${suffix}`, name: "CNC lathe" } }),
    ).data;
    const customer = expectData(
        await api.POST("/api/v1/customers", { body: { code: `ACME-${suffix}`, name: "Acme Gearboxes" } }),
    ).data;
    const order = expectData(
        await api.POST("/api/v1/work-orders", {
            body: { order_number: `WO-${suffix}`, product_model: "GB-200", quantity: 10, customer_id: customer.id },
        }),
    ).data;

    const dispatched = await api.POST("/api/v1/work-orders/{work_order_id}/dispatches", {
        params: { path: { work_order_id: order.id } },
        body: { work_center_id: station.id, planned_qty: 10 },
    });
    const dispatch = expectData(dispatched).data;
    const started = await api.POST("/api/v1/dispatches/{dispatch_id}/{action}", {
        params: {
            path: { dispatch_id: dispatch.id, action: "start" },
            header: { "If-Match": etagOf(dispatched.response) },
        },
    });
    const running: string = expectData(started).data.status;

    const outcome = expectData(
        await api.POST("/api/v1/dispatches/{dispatch_id}/reports", {
            params: { path: { dispatch_id: dispatch.id }, header: { "Idempotency-Key": `walkthrough-${suffix}` } },
            body: { good_qty: 9, scrap_qty: 1, scrap_reason: "Burr on the bore" },
        }),
    ).data;
    const readyToClose: boolean = outcome.work_order.ready_to_close;

    const currentDispatch = await api.GET("/api/v1/dispatches/{dispatch_id}", {
        params: { path: { dispatch_id: dispatch.id } },
    });
    expectData(currentDispatch);
    const finished = await api.POST("/api/v1/dispatches/{dispatch_id}/{action}", {
        params: {
            path: { dispatch_id: dispatch.id, action: "finish" },
            header: { "If-Match": etagOf(currentDispatch.response) },
        },
    });
    expectData(finished);

    const currentOrder = await api.GET("/api/v1/work-orders/{work_order_id}", {
        params: { path: { work_order_id: order.id } },
    });
    expectData(currentOrder);
    const completed = await api.POST("/api/v1/work-orders/{work_order_id}/{action}", {
        params: {
            path: { work_order_id: order.id, action: "complete" },
            header: { "If-Match": etagOf(currentOrder.response) },
        },
    });
    const done = expectData(completed).data;
    return `${running} -> ${done.status} (ready to close: ${readyToClose}, version ${done.version})`;
}
