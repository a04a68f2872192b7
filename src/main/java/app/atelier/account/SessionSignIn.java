package app.atelier.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import app.atelier.web.SignedInUser;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.RememberMeServices;
import org.springframework.security.web.authentication.logout.CookieClearingLogoutHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/** Signs a person in or out from a controller: after registration, after account deletion. */
@Component
class SessionSignIn {

    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    private final RememberMeServices rememberMe;

    SessionSignIn(RememberMeServices rememberMe) {
        this.rememberMe = rememberMe;
    }

    void signIn(Account account, HttpServletRequest request, HttpServletResponse response) {
        SignedInUser user = AccountSecurity.signedIn(account);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        contexts.saveContext(context, request, response);
    }

    void signOut(HttpServletRequest request, HttpServletResponse response) {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        rememberMe.loginFail(request, response);
        new CookieClearingLogoutHandler(AccountSecurity.REMEMBER_ME_COOKIE).logout(request, response, authentication);
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

}
