package io.tetherdb.spring.repository.config;

import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.List;

import io.tetherdb.spring.mapping.DocumentCollection;
import io.tetherdb.spring.repository.TetherRepository;
import io.tetherdb.spring.repository.support.TetherRepositoryFactoryBean;

import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.data.repository.config.RepositoryConfigurationExtensionSupport;
import org.springframework.data.repository.config.RepositoryConfigurationSource;

/**
 * Spring Data's configuration extension for TetherDB: registers a
 * {@link TetherRepositoryFactoryBean} per repository interface, wired to the template named by
 * {@code tetherTemplateRef} ({@value #DEFAULT_TEMPLATE_REF} by default). When several Spring Data
 * modules are present, an interface is a TetherDB repository if it extends
 * {@link TetherRepository} or its entity carries {@link DocumentCollection}.
 *
 * <p>Used once by the container while it reads configuration.
 *
 * @since 0.1
 */
public class TetherRepositoryConfigurationExtension extends RepositoryConfigurationExtensionSupport {

    /** Name of the template bean repositories use unless told otherwise. */
    public static final String DEFAULT_TEMPLATE_REF = "tetherTemplate";

    private static final String TEMPLATE_REF_ATTRIBUTE = "tetherTemplateRef";

    @Override
    public String getModuleName() {
        return "TetherDB";
    }

    @Override
    public String getModuleIdentifier() {
        return "tetherdb";
    }

    // still abstract in spring-data-commons 4.0 although deprecated in favour of getModuleIdentifier()
    @Override
    @SuppressWarnings("deprecation")
    protected String getModulePrefix() {
        return getModuleIdentifier();
    }

    @Override
    public String getRepositoryFactoryBeanClassName() {
        return TetherRepositoryFactoryBean.class.getName();
    }

    @Override
    protected Collection<Class<?>> getIdentifyingTypes() {
        return List.of(TetherRepository.class);
    }

    @Override
    protected Collection<Class<? extends Annotation>> getIdentifyingAnnotations() {
        return List.of(DocumentCollection.class);
    }

    @Override
    public void postProcess(BeanDefinitionBuilder builder, RepositoryConfigurationSource source) {
        String template = source.getAttribute(TEMPLATE_REF_ATTRIBUTE).orElse(DEFAULT_TEMPLATE_REF);
        builder.addPropertyReference("tetherOperations", template);
    }

}
