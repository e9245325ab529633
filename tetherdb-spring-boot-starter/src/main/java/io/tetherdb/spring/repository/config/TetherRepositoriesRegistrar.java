package io.tetherdb.spring.repository.config;

import java.lang.annotation.Annotation;

import org.springframework.data.repository.config.RepositoryBeanDefinitionRegistrarSupport;
import org.springframework.data.repository.config.RepositoryConfigurationExtension;

/**
 * Registers the repositories that {@link EnableTetherRepositories} finds.
 *
 * <p>Used once by the container while it reads configuration classes.
 *
 * @since 0.1
 */
class TetherRepositoriesRegistrar extends RepositoryBeanDefinitionRegistrarSupport {

    @Override
    protected Class<? extends Annotation> getAnnotation() {
        return EnableTetherRepositories.class;
    }

    @Override
    protected RepositoryConfigurationExtension getExtension() {
        return new TetherRepositoryConfigurationExtension();
    }

}
