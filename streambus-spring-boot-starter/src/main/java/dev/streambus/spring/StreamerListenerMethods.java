package dev.streambus.spring;

import dev.streambus.consume.MessageListener;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Finds {@link StreamerListener} methods on every bean as it is initialised and keeps them as listeners for the
 * consumer, which is built when the context starts (after every singleton was initialised).
 */
public final class StreamerListenerMethods implements BeanPostProcessor {

    private final List<MessageListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> target = AopUtils.getTargetClass(bean);
        if (!AnnotationUtils.isCandidateClass(target, StreamerListener.class)) {
            return bean;
        }
        Map<Method, StreamerListener> methods = MethodIntrospector.selectMethods(target,
                (MethodIntrospector.MetadataLookup<StreamerListener>) m ->
                        AnnotatedElementUtils.findMergedAnnotation(m, StreamerListener.class));
        methods.forEach((method, annotation) -> listeners.add(MethodListeners.adapt(bean, beanName,
                AopUtils.selectInvocableMethod(method, bean.getClass()), annotation)));
        return bean;
    }

    /** The listeners found so far, in the order the beans were initialised. */
    public List<MessageListener> listeners() {
        return List.copyOf(listeners);
    }
}
