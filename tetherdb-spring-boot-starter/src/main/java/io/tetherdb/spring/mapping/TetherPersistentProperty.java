package io.tetherdb.spring.mapping;

import java.util.function.UnaryOperator;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tetherdb.document.Document;

import org.springframework.data.mapping.Association;
import org.springframework.data.mapping.PersistentEntity;
import org.springframework.data.mapping.model.AnnotationBasedPersistentProperty;
import org.springframework.data.mapping.model.Property;
import org.springframework.data.mapping.model.SimpleTypeHolder;
import org.springframework.util.StringUtils;

/**
 * A property of a TetherDB entity: knows the name of the document field that holds it
 * ({@code _id} for the id, else the name Jackson writes) and whether it carries a
 * {@link TimeToLive}. A property annotated with Spring Data's {@code @Id}, or else one named
 * {@code id}, is the id.
 *
 * <p>Immutable after creation by the {@link TetherMappingContext}; thread-safe.
 *
 * @since 0.1
 */
public class TetherPersistentProperty extends AnnotationBasedPersistentProperty<TetherPersistentProperty> {

    private final UnaryOperator<String> naming;

    /**
     * @param property the property; not null
     * @param owner the entity it belongs to; not null
     * @param simpleTypeHolder the store's simple types; not null
     * @param naming Jackson's property naming applied to names without {@code @JsonProperty}; not null
     */
    public TetherPersistentProperty(Property property, PersistentEntity<?, TetherPersistentProperty> owner,
            SimpleTypeHolder simpleTypeHolder, UnaryOperator<String> naming) {
        super(property, owner, simpleTypeHolder);
        this.naming = naming;
    }

    @Override
    public boolean isIdProperty() {
        return super.isIdProperty() || "id".equals(getName());
    }

    /** @return whether the id role comes from an explicit {@code @Id} annotation */
    public boolean isExplicitIdProperty() {
        return super.isIdProperty();
    }

    /** @return whether the property carries {@link TimeToLive} */
    public boolean isTimeToLiveProperty() {
        return isAnnotationPresent(TimeToLive.class);
    }

    /**
     * @return the name of the document field that holds this property: {@code _id} for the id,
     *         else the name Jackson writes the property under
     */
    public String getFieldName() {
        return isIdProperty() ? Document.ID : getJsonName();
    }

    /** @return the name Jackson writes this property under */
    public String getJsonName() {
        JsonProperty json = findAnnotation(JsonProperty.class);
        if (json != null && StringUtils.hasText(json.value())) {
            return json.value();
        }
        return this.naming.apply(getName());
    }

    @Override
    protected Association<TetherPersistentProperty> createAssociation() {
        return null;
    }

}
