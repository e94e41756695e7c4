package dev.undertide.boot.it.app;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/session")
public class SessionController {

	/** Increments a counter in the session, creating the session when there is none. */
	@GetMapping("/count")
	public Map<String, Object> count(HttpServletRequest request) {
		HttpSession session = request.getSession();
		Integer count = (Integer) session.getAttribute("count");
		int next = (count != null) ? count + 1 : 1;
		session.setAttribute("count", next);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("count", next);
		body.put("sessionId", session.getId());
		return body;
	}

	/** The existing session, never creating one. */
	@GetMapping("/peek")
	public Map<String, Object> peek(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sessionId", (session != null) ? session.getId() : "none");
		body.put("count", (session != null) ? session.getAttribute("count") : null);
		return body;
	}

	@PostMapping("/change-id")
	public ResponseEntity<Map<String, Object>> changeId(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return ResponseEntity.status(HttpStatus.CONFLICT).build();
		}
		String oldId = session.getId();
		String newId = request.changeSessionId();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("oldId", oldId);
		body.put("newId", newId);
		body.put("idAfterChange", request.getSession(false).getId());
		return ResponseEntity.ok(body);
	}

}
