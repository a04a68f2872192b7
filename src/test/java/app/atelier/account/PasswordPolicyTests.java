package app.atelier.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTests {

    private final PasswordPolicy policy = new PasswordPolicy();

    @Test
    void refusesNineCharactersAndAcceptsTen() {
        assertThat(policy.check("k".repeat(4) + "fjord", "alice", "alice@example.com")).hasValueSatisfying(
                message -> assertThat(message).contains("at least 10 characters"));
        assertThat(policy.check("kkkk" + "fjords", "alice", "alice@example.com")).isEmpty();
    }

    @Test
    void accepts128CharactersAndRefuses129() {
        assertThat(policy.check("a".repeat(128), "alice", "alice@example.com")).isEmpty();
        assertThat(policy.check("a".repeat(129), "alice", "alice@example.com")).hasValueSatisfying(
                message -> assertThat(message).contains("at most 128 characters"));
    }

    @Test
    void countsCharactersNotUtf16Units() {
        String cat = "\uD83D\uDC31";
        assertThat(cat.length()).isEqualTo(2);
        assertThat(policy.check(cat.repeat(10), "alice", "alice@example.com")).isEmpty();
        assertThat(policy.check(cat.repeat(9), "alice", "alice@example.com")).isPresent();
        assertThat(policy.check(cat.repeat(128), "alice", "alice@example.com")).isEmpty();
        assertThat(policy.check(cat.repeat(129), "alice", "alice@example.com")).isPresent();
    }

    @Test
    void refusesCommonPasswordsWhateverTheirCase() {
        assertThat(policy.check("password123", "alice", "alice@example.com")).hasValueSatisfying(
                message -> assertThat(message).contains("commonly used"));
        assertThat(policy.check("PassWord123", "alice", "alice@example.com")).isPresent();
        assertThat(policy.check("QWERTYUIOP", "alice", "alice@example.com")).isPresent();
        assertThat(policy.check("Manchester", "alice", "alice@example.com")).isPresent();
    }

    @Test
    void refusesPasswordsContainingTheUsername() {
        assertThat(policy.check("my name is Alicia!", "alicia", "someone@example.com")).hasValueSatisfying(
                message -> assertThat(message).contains("username or email"));
        assertThat(policy.check("ALICIA-likes-tea", "alicia", "someone@example.com")).isPresent();
    }

    @Test
    void refusesPasswordsContainingTheEmailOrItsLocalPart() {
        assertThat(policy.check("x bob.smith@example.org x", "robert", "bob.smith@example.org")).isPresent();
        assertThat(policy.check("hello Bob.Smith friend", "robert", "bob.smith@example.org")).isPresent();
    }

    @Test
    void acceptsAnUnrelatedPassphrase() {
        assertThat(policy.check("violet otter marmalade", "alicia", "bob.smith@example.org")).isEmpty();
    }

}
