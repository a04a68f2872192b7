package app.atelier.account;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import app.atelier.web.Problem;
import app.atelier.web.ProblemResponses;
import app.atelier.web.RequestPath;
import app.atelier.web.SignedInUser;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Checks the signed-in account on every request: a disabled or deleted account is signed out at once, an account
 * waiting for approval sees the waiting page, and one that must confirm its email sees how to.
 */
@Component
class AccountGate implements HandlerInterceptor, WebMvcConfigurer {

    private static final Set<String> ALWAYS_ALLOWED = Set.of("/waiting", "/verify-email", "/verify-email/resend", "/logout", "/terms",
            "/error", "/settings", "/settings/delete", "/api/v1/me");

    private final AccountRepository accounts;

    private final AccountsProperties properties;

    private final ProblemResponses problems;

    AccountGate(AccountRepository accounts, AccountsProperties properties, ProblemResponses problems) {
        this.accounts = accounts;
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.*", "/actuator/**", "/s/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof SignedInUser user)) {
            return true;
        }
        String path = RequestPath.of(request);
        boolean api = path.startsWith("/api/");
        Optional<Account> account = accounts.findById(user.id());
        if (account.isEmpty() || !account.get().enabled()) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            if (api) {
                problems.write(response, new Problem(HttpStatus.UNAUTHORIZED, "unauthorized", "This account is disabled."));
            }
            else {
                response.sendRedirect(request.getContextPath() + "/login?disabled");
            }
            return false;
        }
        if (ALWAYS_ALLOWED.contains(path) || path.startsWith("/verify-email/")) {
            return true;
        }
        if (!account.get().approved()) {
            return refuse(request, response, api, "/waiting", "Your account waits for an administrator's approval.");
        }
        if (properties.requireEmailVerification() && !account.get().emailVerified()) {
            return refuse(request, response, api, "/verify-email", "Confirm your email address first: open the link we mailed you.");
        }
        return true;
    }

    private boolean refuse(HttpServletRequest request, HttpServletResponse response, boolean api, String page, String detail)
            throws IOException {
        if (api) {
            problems.write(response, new Problem(HttpStatus.FORBIDDEN, "forbidden", detail));
        }
        else {
            response.sendRedirect(request.getContextPath() + page);
        }
        return false;
    }

}
