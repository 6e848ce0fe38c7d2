package io.bigtransfer.actors.remote;

/**
 * A message that may cross a process boundary. Pekko serializes every implementation with
 * {@link KryoSerializer}, which accepts only classes registered in the {@link MessageRegistry}; Java
 * serialization is switched off, so an unregistered message fails loudly instead of travelling.
 */
public interface RemoteMessage {
}
