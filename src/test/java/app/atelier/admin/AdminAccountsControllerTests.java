package app.atelier.admin;


import org.junit.jupiter.api.Test;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.web.SignedInUser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

@SpringBootTest(properties = { "atelier.accounts.registration=approval", "spring.application.name=atelier-admin-accounts-tests" })
@AutoConfigureMockMvc
class AdminAccountsControllerTests {

    private static final String PASSWORD = "violet otter marmalade";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Accounts accounts;

    @Test
    void anAdminApprovesAWaitingAccountWhichThenGetsIn() {
        Account admin = adminAccount();
        Account newcomer = register("newcomer");
        assertThat(newcomer.approved()).isFalse();
        assertThat(mvc.get().uri("/").with(as(newcomer))).hasStatus3xxRedirection().hasRedirectedUrl("/waiting");

        assertThat(mvc.get().uri("/admin/accounts").with(as(admin))).hasStatusOk().bodyText().contains(newcomer.username());
        assertThat(mvc.post().uri("/admin/accounts/" + newcomer.id() + "/approve").with(as(admin)).with(csrf()))
            .hasRedirectedUrl("/admin/accounts");

        assertThat(accounts.find(newcomer.id())).get().extracting(Account::approved).isEqualTo(true);
        assertThat(mvc.get().uri("/").with(as(newcomer))).hasStatusOk();
        assertThat(mvc.get().uri("/admin/accounts").with(as(admin))).bodyText().doesNotContain(newcomer.username());
    }

    @Test
    void anAdminRejectsAWaitingAccountWhichIsDeleted() {
        Account admin = adminAccount();
        Account newcomer = register("unwanted");
        assertThat(mvc.post().uri("/admin/accounts/" + newcomer.id() + "/reject").with(as(admin)).with(csrf()))
            .hasRedirectedUrl("/admin/accounts");
        assertThat(accounts.find(newcomer.id())).isEmpty();
    }

    @Test
    void approvedAccountsCannotBeRejectedNorApprovedTwice() {
        Account admin = adminAccount();
        assertThat(mvc.post().uri("/admin/accounts/" + admin.id() + "/reject").with(as(admin)).with(csrf())).hasStatus(404);
        assertThat(mvc.post().uri("/admin/accounts/" + admin.id() + "/approve").with(as(admin)).with(csrf())).hasStatus(404);
        assertThat(accounts.find(admin.id())).isPresent();
    }

    @Test
    void membersCannotOpenTheAdminPages() {
        adminAccount();
        Account member = register("member");
        accounts.approve(member.id());
        assertThat(mvc.get().uri("/admin/accounts").with(as(member))).hasStatus(403).bodyText().doesNotContain("newcomer");
        assertThat(mvc.post().uri("/admin/accounts/" + member.id() + "/approve").with(as(member)).with(csrf())).hasStatus(403);
    }

    private Account adminAccount() {
        Account first = accounts.find(1).orElseGet(() -> register("founder"));
        assertThat(first.admin()).as("the first account is the admin").isTrue();
        return first;
    }

    private Account register(String prefix) {
        String name = prefix + System.nanoTime() % 1_000_000;
        return accounts.register(new Registration(name, name + "@example.com", PASSWORD, true), "10.9.0." + (System.nanoTime() % 200));
    }

    private static RequestPostProcessor as(Account account) {
        SignedInUser user = new SignedInUser(account.id(), account.username(), account.admin(), true, null);
        return authentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
    }

}
