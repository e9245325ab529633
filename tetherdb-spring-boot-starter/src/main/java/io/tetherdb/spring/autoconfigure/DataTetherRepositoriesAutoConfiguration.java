package io.tetherdb.spring.autoconfigure;

import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.repository.TetherRepository;
import io.tetherdb.spring.repository.config.EnableTetherRepositories;
import io.tetherdb.spring.repository.config.TetherRepositoryConfigurationExtension;
import io.tetherdb.spring.repository.support.TetherRepositoryFactoryBean;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of TetherDB repositories: the application's interfaces extending
 * {@link TetherRepository}, in its auto-configuration packages, become beans, as if
 * {@link EnableTetherRepositories @EnableTetherRepositories} were present. Backs off when the
 * application uses {@code @EnableTetherRepositories} itself or sets
 * {@code tetherdb.repositories.enabled=false}.
 *
 * <p>Configuration classes are used once, at start-up, by the container.
 *
 * @since 0.1
 */
@AutoConfiguration(after = DataTetherAutoConfiguration.class)
@ConditionalOnClass(TetherRepository.class)
@ConditionalOnBean(TetherOperations.class)
@ConditionalOnMissingBean({ TetherRepositoryFactoryBean.class, TetherRepositoryConfigurationExtension.class })
@ConditionalOnBooleanProperty(name = "tetherdb.repositories.enabled", matchIfMissing = true)
@Import(DataTetherRepositoriesRegistrar.class)
public final class DataTetherRepositoriesAutoConfiguration {

    DataTetherRepositoriesAutoConfiguration() {
    }

}
