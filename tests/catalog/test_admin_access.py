"""The admin is for staff only: nobody else reaches it, and no page points readers to it."""
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from rest_framework.authtoken.models import Token

ADMIN_PAGES = ["/admin/", "/admin/catalog/assessment/", "/admin/catalog/correction/"]
PUBLIC_PAGES = [
    "/",
    "/assistants/chatgpt/",
    "/vendors/openai/",
    "/compare/?assistants=chatgpt,claude",
    "/retirements/",
    "/methodology/",
    "/corrections/new/",
]


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def refused(response, path):
    """The admin sends whoever is not staff to its login page."""
    return response.status_code == 302 and response["Location"].startswith(
        f"/admin/login/?next={path}"
    )


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(catalog, path):
    assert refused(Client().get(path), path)


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_users_who_are_not_staff_are_refused(catalog, django_user_model, path):
    reader = django_user_model.objects.create_user("reader", password="pw-not-used")
    assert refused(logged_in(reader).get(path), path)


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_editors_group_members_who_are_not_staff_are_refused(catalog, editor, path):
    """API editors write with a token; the admin needs a staff account all the same."""
    assert editor.groups.filter(name="editors").exists() and not editor.is_staff
    assert refused(logged_in(editor).get(path), path)
    token, _ = Token.objects.get_or_create(user=editor)
    assert refused(Client().get(path, HTTP_AUTHORIZATION=f"Token {token.key}"), path)


def test_a_non_staff_password_does_not_open_the_admin(catalog, django_user_model):
    django_user_model.objects.create_user("reader", password="a-long-test-password")
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "reader", "password": "a-long-test-password", "next": "/admin/"},
    )
    assert response.status_code == 200  # the form again, with its error
    assert "staff account" in response.content.decode()
    assert refused(client.get("/admin/"), "/admin/")


def test_inactive_staff_are_refused(catalog, django_user_model):
    former = django_user_model.objects.create_user("former", password="pw", is_staff=True)
    former.is_active = False
    former.save()
    client = Client()
    client.force_login(former)
    assert refused(client.get("/admin/"), "/admin/")


def test_staff_get_in(catalog, django_user_model):
    staff = django_user_model.objects.create_user("staffer", password="pw", is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name="editors")[0])
    assert logged_in(staff).get("/admin/").status_code == 200


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_public_page_points_to_the_admin(catalog, path):
    response = Client().get(path)
    assert response.status_code == 200
    assert "/admin" not in response.content.decode()
