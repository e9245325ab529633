package io.tetherdb.spring.mapping;

import java.lang.annotation.Annotation;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.data.auditing.IsNewAwareAuditingHandler;
import org.springframework.data.auditing.config.AuditingBeanDefinitionRegistrarSupport;
import org.springframework.data.auditing.config.AuditingConfiguration;
import org.springframework.data.config.ParsingUtils;

/**
 * Registers the beans of {@link EnableTetherAuditing}: an {@link IsNewAwareAuditingHandler} over
 * the {@code tetherMappingContext} bean and the {@link AuditingEntityCallback} that applies it.
 *
 * <p>Used once by the container while it reads configuration classes.
 *
 * @since 0.1
 */
class TetherAuditingRegistrar extends AuditingBeanDefinitionRegistrarSupport {

    /** Name of the mapping context bean the auditing handler reads entity metadata from. */
    static final String MAPPING_CONTEXT_BEAN_NAME = "tetherMappingContext";

    @Override
    protected Class<? extends Annotation> getAnnotation() {
        return EnableTetherAuditing.class;
    }

    @Override
    protected String getAuditingHandlerBeanName() {
        return "tetherAuditingHandler";
    }

    @Override
    protected BeanDefinitionBuilder getAuditHandlerBeanDefinitionBuilder(AuditingConfiguration configuration) {
        BeanDefinitionBuilder builder = BeanDefinitionBuilder.rootBeanDefinition(IsNewAwareAuditingHandler.class)
            .setFactoryMethod("from")
            .addConstructorArgReference(MAPPING_CONTEXT_BEAN_NAME);
        return configureDefaultAuditHandlerAttributes(configuration, builder);
    }

    @Override
    protected void registerAuditListenerBeanDefinition(BeanDefinition auditingHandlerDefinition,
            BeanDefinitionRegistry registry) {
        BeanDefinitionBuilder callback = BeanDefinitionBuilder.rootBeanDefinition(AuditingEntityCallback.class)
            .addConstructorArgValue(ParsingUtils.getObjectFactoryBeanDefinition(getAuditingHandlerBeanName(), null));
        registerInfrastructureBeanWithId(callback.getBeanDefinition(), AuditingEntityCallback.class.getName(),
                registry);
    }

}
