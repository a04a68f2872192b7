package app.atelier.web;

import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.RememberMeServices;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two filter chains: the JSON API (bearer tokens or the browser session, problem documents, no redirects) and the
 * pages (form sign-in, remember-me, redirects to the sign-in page). Account-specific parts arrive as Spring Security
 * beans, so this module depends on no feature.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    AuthenticationManager authenticationManager(List<AuthenticationProvider> providers) {
        return new ProviderManager(providers);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, AuthenticationManager authenticationManager, ProblemResponses problems,
            ObjectProvider<RememberMeServices> rememberMe) throws Exception {
        AuthenticationFilter bearer = new AuthenticationFilter(authenticationManager, SecurityConfiguration::bearerToken);
        bearer.setSuccessHandler((request, response, authentication) -> {
        });
        bearer.setFailureHandler((request, response, ex) -> problems.write(response,
                new Problem(HttpStatus.UNAUTHORIZED, "unauthorized", "The API token is unknown, expired or revoked.")));
        http.securityMatcher("/api/**")
            .authenticationManager(authenticationManager)
            .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.POST, "/api/v1/accounts", "/api/v1/tokens")
                .permitAll()
                .requestMatchers("/api/v1/admin/**")
                .hasRole("ADMIN")
                .anyRequest()
                .authenticated())
            .addFilterBefore(bearer, BasicAuthenticationFilter.class)
            .csrf(csrf -> csrf.csrfTokenRequestHandler(new TamperTolerantCsrfTokens())
                .ignoringRequestMatchers(hasAuthorizationHeader(),
                    PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/v1/accounts")))
            .exceptionHandling(exceptions -> exceptions
                .authenticationEntryPoint((request, response, ex) -> problems.write(response,
                        new Problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Sign in or send a valid API token.")))
                .accessDeniedHandler((request, response, ex) -> problems.write(response, ex instanceof CsrfException && !signedIn()
                        // the CSRF check runs before authentication: a caller with neither session nor token is unauthorized
                        ? new Problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Sign in or send a valid API token.")
                        : new Problem(HttpStatus.FORBIDDEN, "forbidden", ex instanceof CsrfException
                                ? "The CSRF token is missing or stale: send X-CSRF-TOKEN with session requests."
                                : "You are not allowed to do this."))))
            .formLogin(form -> form.disable())
            .httpBasic(basic -> basic.disable())
            .logout(logout -> logout.disable())
            .requestCache(cache -> cache.disable())
            .headers(SecurityConfiguration::strictHeaders);
        rememberMe.ifAvailable(services -> rememberMeFor(http, services));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageChain(HttpSecurity http, AuthenticationManager authenticationManager,
            ObjectProvider<RememberMeServices> rememberMe, ObjectProvider<AuthenticationFailureHandler> signInFailure)
            throws Exception {
        http.authenticationManager(authenticationManager)
            .authorizeHttpRequests(requests -> requests
                .requestMatchers("/", "/terms", "/login", "/register", "/password-reset", "/password-reset/**", "/verify-email/*", "/s/*", "/s/*/image",
                        "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico", "/favicon.svg", "/error", "/actuator/health",
                        "/actuator/health/**")
                .permitAll()
                .requestMatchers("/admin/**")
                .hasRole("ADMIN")
                .anyRequest()
                .authenticated())
            .formLogin(form -> form.loginPage("/login").failureHandler(signInFailure.getIfAvailable(() -> new SimpleUrlAuthenticationFailureHandler("/login?error"))).permitAll())
            .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut").permitAll())
            .csrf(csrf -> csrf.csrfTokenRequestHandler(new TamperTolerantCsrfTokens()))
            .headers(SecurityConfiguration::strictHeaders);
        rememberMe.ifAvailable(services -> rememberMeFor(http, services));
        return http.build();
    }

    /** Applies to every cookie we set (session, remember-me): {@code SameSite=Lax}. */
    @Bean
    CookieSameSiteSupplier laxCookies() {
        return CookieSameSiteSupplier.ofLax();
    }

    private static boolean signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken);
    }

    private static void rememberMeFor(HttpSecurity http, RememberMeServices services) {
        try {
            http.rememberMe(remember -> remember.rememberMeServices(services));
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void strictHeaders(
            org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
            .frameOptions(frame -> frame.deny())
            .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN));
    }

    /**
     * Spring Security's masked CSRF tokens, except that a tampered token whose unmasked bytes are not UTF-8 is refused
     * (403) like any wrong token: the default handler lets an IllegalArgumentException escape, which answers 500.
     */
    static final class TamperTolerantCsrfTokens implements CsrfTokenRequestHandler {

        private final XorCsrfTokenRequestAttributeHandler delegate = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
            delegate.handle(request, response, csrfToken);
        }

        @Override
        public @Nullable String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
            try {
                return delegate.resolveCsrfTokenValue(request, csrfToken);
            }
            catch (IllegalArgumentException ex) {
                return null;
            }
        }

    }

    private static RequestMatcher hasAuthorizationHeader() {
        return request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null;
    }

    private static BearerToken bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return new BearerToken(header.substring(7).strip());
    }

}
