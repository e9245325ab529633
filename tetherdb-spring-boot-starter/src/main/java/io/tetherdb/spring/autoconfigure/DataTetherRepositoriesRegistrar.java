package io.tetherdb.spring.autoconfigure;

import java.lang.annotation.Annotation;

import io.tetherdb.spring.repository.config.EnableTetherRepositories;
import io.tetherdb.spring.repository.config.TetherRepositoryConfigurationExtension;

import org.springframework.boot.autoconfigure.data.AbstractRepositoryConfigurationSourceSupport;
import org.springframework.data.repository.config.RepositoryConfigurationExtension;

/**
 * Registers the repositories of {@link DataTetherRepositoriesAutoConfiguration}: those in the
 * application's auto-configuration packages, configured as by a bare
 * {@link EnableTetherRepositories @EnableTetherRepositories}.
 *
 * <p>Used once by the container while it reads configuration classes.
 *
 * @since 0.1
 */
class DataTetherRepositoriesRegistrar extends AbstractRepositoryConfigurationSourceSupport {

    @Override
    protected Class<? extends Annotation> getAnnotation() {
        return EnableTetherRepositories.class;
    }

    @Override
    protected Class<?> getConfiguration() {
        return EnableTetherRepositoriesConfiguration.class;
    }

    @Override
    protected RepositoryConfigurationExtension getRepositoryConfigurationExtension() {
        return new TetherRepositoryConfigurationExtension();
    }

    @EnableTetherRepositories
    private static final class EnableTetherRepositoriesConfiguration {

    }

}
