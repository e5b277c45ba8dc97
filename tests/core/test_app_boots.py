async def test_healthz_and_readyz(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    r = await client.get("/readyz")
    assert r.status_code == 200, r.text
    assert r.json()["checks"] == {"database": "ok", "queue": "ok"}


async def test_unknown_path_is_problem_json_in_requested_language(client):
    r = await client.get("/v1/nope", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"].endswith("/not-found") and body["title"] == "Not found"
    assert r.headers["x-request-id"] == body["request_id"]
    vi = (await client.get("/v1/nope")).json()
    assert vi["title"] == "Không tìm thấy"


async def test_only_a_server_process_freezes_its_start_up_objects(db, settings):
    import gc

    from asgi_lifespan import LifespanManager

    from app.factory import create_app
    from core.db import current_engine

    gc.unfreeze()
    try:
        async with LifespanManager(create_app(settings, engine=current_engine())):
            assert gc.get_freeze_count() == 0  # apps of the tests come and go
        async with LifespanManager(create_app(settings, engine=current_engine(),
                                              server_process=True)):
            assert gc.get_freeze_count() > 0  # granian's workers: kept out of full passes
    finally:
        gc.unfreeze()
