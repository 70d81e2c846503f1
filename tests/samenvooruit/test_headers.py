import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_security_headers_on_login_and_logged_in_pages(client, coordinator, logged_in):
    if logged_in:
        client.force_login(coordinator)

    response = client.get("/netwerk/organisaties/" if logged_in else "/inloggen/", secure=True)

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_session_cookie_httponly(client, settings):
    response = client.get("/inloggen/", secure=True)

    csrf = response.cookies["csrftoken"]
    assert csrf["secure"]
    assert settings.SESSION_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.django_db
def test_login_response_sets_a_secure_httponly_session_cookie(client, coordinator):
    coordinator.set_password("Lange-zin-voor-de-test-42")
    coordinator.save()

    response = client.post(
        "/inloggen/",
        {"username": coordinator.username, "password": "Lange-zin-voor-de-test-42"},
        secure=True,
    )

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["secure"]
    assert cookie["samesite"] == "Lax"
    assert response.cookies["csrftoken"]["secure"]
