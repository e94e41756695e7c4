package dev.undertide.demo;

import java.util.Map;

import jakarta.servlet.http.HttpSession;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A form post and a counter kept in the HTTP session.
 */
@RestController
class FormController {

	@PostMapping("/contact")
	Map<String, String> contact(@RequestParam String name, @RequestParam String message) {
		return Map.of("name", name, "message", message, "reply", "Thanks, " + name + "!");
	}

	@GetMapping("/visits")
	Map<String, Object> visits(HttpSession session) {
		Integer count = (Integer) session.getAttribute("visits");
		int visits = (count != null) ? count + 1 : 1;
		session.setAttribute("visits", visits);
		return Map.of("visits", visits, "session", session.getId());
	}

}
