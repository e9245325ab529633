package io.tetherdb.spring.repository;

import java.time.Instant;

import io.tetherdb.spring.mapping.EnableTetherAuditing;
import io.tetherdb.spring.repository.sample.Account;
import io.tetherdb.spring.repository.sample.AccountRepository;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.OptimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @EnableTetherAuditing} sets creation and modification dates; a primitive version starts
 * at 1.
 */
@DataTetherTest
@Import(AuditingIntegrationTests.AuditingConfiguration.class)
class AuditingIntegrationTests {

    @Autowired
    private AccountRepository accounts;

    @Test
    void setsAuditDatesAndVersions() throws InterruptedException {
        Instant before = Instant.now();
        Account account = this.accounts.save(new Account("ann"));
        assertThat(account.getVersion()).isEqualTo(1);
        assertThat(account.getCreated()).isNotNull().isAfterOrEqualTo(before);
        assertThat(account.getModified()).isEqualTo(account.getCreated());
        Instant created = account.getCreated();
        Thread.sleep(5);
        account.setOwner("anne");
        Account updated = this.accounts.save(account);
        assertThat(updated.getVersion()).isEqualTo(2);
        assertThat(updated.getCreated()).isEqualTo(created);
        assertThat(updated.getModified()).isAfter(created);
        assertThat(this.accounts.findByCreatedAfter(before.minusSeconds(1))).extracting(Account::getOwner)
            .containsExactly("anne");
        Account stale = this.accounts.findById(account.getId()).orElseThrow();
        stale.setVersion(1);
        assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> this.accounts.save(stale));
    }

    @TestConfiguration(proxyBeanMethods = false)
    @EnableTetherAuditing
    static class AuditingConfiguration {

    }

}
