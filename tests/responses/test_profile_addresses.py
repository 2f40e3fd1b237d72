"""A post's authors are known to the service by the Email: line of their profiles."""

from support import write

from service_voices.responses.config import profile_addresses, responses_config


def test_profile_addresses_come_from_the_profiles_and_settings_win(tmp_path):
    write(tmp_path / "content" / "authors" / "jenny-park.md", """
        Name: Jenny Park
        Role: Support Team Lead
        Email: Jenny@Service-Voices.example

        A bio that mentions Email: in its text, which is not the header.
        """)
    write(tmp_path / "content" / "authors" / "lee-okafor.md", "Name: Lee Okafor\n\nNo address.\n")
    assert profile_addresses(tmp_path / "content") == {"Jenny Park": "jenny@service-voices.example"}
    settings = {"PATH": str(tmp_path / "content"), "RESPONSES_MODERATORS": {"Lee Okafor": "lee@example.org"}}
    config = responses_config(settings, "https://subscribe.example")
    assert config.moderators == {"Jenny Park": "jenny@service-voices.example", "Lee Okafor": "lee@example.org"}
    settings["RESPONSES_MODERATORS"] = {"Jenny Park": "editor@example.org"}
    assert responses_config(settings, "https://subscribe.example").moderators["Jenny Park"] == "editor@example.org"
