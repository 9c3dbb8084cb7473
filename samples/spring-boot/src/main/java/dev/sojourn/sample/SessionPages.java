package dev.sojourn.sample;

import dev.sojourn.Session;
import dev.sojourn.SessionKey;
import dev.sojourn.SessionManager;
import dev.sojourn.servlet.SessionFilter;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.Snapshot;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The pages, for a signed-in user (the security configuration lets no one else in):
 *
 * <ul>
 *   <li>{@code GET /}: who is signed in, when this session started, and its counter;
 *   <li>{@code POST /counter}: adds one to the counter with {@link SessionManager#modify}, a
 *       compare-and-set on the stored session, so concurrent requests each count exactly once;
 *   <li>{@code GET /sessions}: the user's sessions on every node ({@link
 *       SessionManager#sessionsOf}, the store's user index);
 *   <li>{@code POST /sessions/sign-out-others}: ends all of them but this one ({@link
 *       SessionManager#revokeOthers}).
 * </ul>
 *
 * The typed Sojourn {@link Session} of a request comes from {@link SessionFilter#session}; {@code
 * request.getSession()} is the same session seen as an {@code HttpSession}. Every form carries
 * Spring Security's CSRF token, which is the session's own, masked afresh on each page.
 */
@Controller
class SessionPages {
  /** The counter, stored in the session as a number (no Java serialization). */
  static final SessionKey<Long> COUNTER = SessionKey.of("counter", Long.class);

  private final SessionManager sessions;

  SessionPages(SessionManager sessions) {
    this.sessions = sessions;
  }

  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  String home(HttpServletRequest request, Principal user, CsrfToken csrf) {
    Session session = SessionFilter.session(request);
    Instant signedIn = session.authenticatedAt();
    return Html.page(
        "Home",
        "<h1>Signed in as <span id=\"user\">"
            + Html.escape(user.getName())
            + "</span></h1>\n"
            + "<p>This session started <span id=\"created\">"
            + Html.time(session.createdAt())
            + "</span>; signed in <span id=\"signed-in\">"
            + (signedIn == null ? "-" : Html.time(signedIn))
            + "</span>.</p>\n"
            + "<p>Counter: <strong id=\"counter\">"
            + count(session)
            + "</strong></p>\n"
            + Html.form("/counter", csrf, "increment", "Add one")
            + "<p><a id=\"sessions-link\" href=\"/sessions\">Your sessions</a></p>\n"
            + Html.form("/logout", csrf, "logout", "Sign out"));
  }

  @PostMapping("/counter")
  String increment(HttpServletRequest request) {
    Session session = SessionFilter.session(request);
    try {
      sessions.modify(
          session.id(),
          stored -> {
            stored.put(COUNTER, count(stored) + 1);
            return null;
          });
    } catch (SessionNotFoundException signedOutMeanwhile) {
      // Signed out on another device while this request ran: the next page asks for a sign-in.
    }
    return "redirect:/";
  }

  @GetMapping(value = "/sessions", produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  String sessions(HttpServletRequest request, Principal user, CsrfToken csrf) {
    String current = SessionFilter.session(request).id();
    List<Snapshot> all =
        sessions.sessionsOf(user.getName()).stream()
            .sorted(Comparator.comparing(Snapshot::createdAt))
            .toList();
    StringBuilder rows = new StringBuilder();
    for (Snapshot each : all) {
      boolean mine = each.id().equals(current);
      rows.append("<tr class=\"session")
          .append(mine ? " current" : "")
          .append("\"><td>")
          .append(Html.time(each.createdAt()))
          .append("</td><td>")
          .append(Html.time(each.lastAccessedAt()))
          .append("</td><td>")
          .append(mine ? "this device" : "")
          .append("</td></tr>\n");
    }
    return Html.page(
        "Your sessions",
        "<h1>Sessions of "
            + Html.escape(user.getName())
            + "</h1>\n<table>\n<tr><th>Started</th><th>Last seen</th><th></th></tr>\n"
            + rows
            + "</table>\n<p id=\"session-count\">"
            + all.size()
            + (all.size() == 1 ? " session" : " sessions")
            + "</p>\n"
            + Html.form(
                "/sessions/sign-out-others", csrf, "sign-out-others", "Sign out other devices")
            + "<p><a href=\"/\">Home</a></p>\n");
  }

  @PostMapping("/sessions/sign-out-others")
  String signOutOthers(HttpServletRequest request, Principal user) {
    sessions.revokeOthers(user.getName(), SessionFilter.session(request).id());
    return "redirect:/sessions";
  }

  private static long count(Session session) {
    Long value = session.get(COUNTER);
    return value == null ? 0 : value;
  }
}
