package io.bigtransfer.actors.daemon;

import io.bigtransfer.actors.daemon.DaemonProtocol.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;

/**
 * The daemon's door for consoles: job requests go to the {@link JobQueue}; membership requests
 * ({@code workers}, {@code drain}) are answered from the cluster's own view of its members.
 */
public final class ConsoleGateway {
    private ConsoleGateway() {
    }

    public static Behavior<DaemonProtocol.Request> create(ActorRef<JobQueue.Message> queue) {
        return Behaviors.setup(context -> {
            Cluster cluster = Cluster.get(context.getSystem());
            return Behaviors.receiveMessage(request -> {
                if (request instanceof DaemonProtocol.ListWorkers list) {
                    list.replyTo().tell(new Answer(true, members(cluster)));
                } else if (request instanceof DaemonProtocol.Drain drain) {
                    drain.replyTo().tell(drain(cluster, drain.node()));
                } else {
                    queue.tell(JobQueue.request(request));
                }
                return Behaviors.same();
            });
        });
    }

    private static String members(Cluster cluster) {
        Address self = cluster.selfMember().address();
        List<String> lines = new ArrayList<>();
        for (Member member : cluster.state().getMembers()) {
            String node = hostPort(member.address());
            lines.add(node + " " + member.status().toString().toLowerCase(Locale.ROOT)
                    + (member.address().equals(self) ? " (this daemon)" : "") + " roles " + member.getRoles());
        }
        return lines.isEmpty() ? "no nodes have joined" : String.join("\n", lines);
    }

    private static Answer drain(Cluster cluster, String node) {
        for (Member member : cluster.state().getMembers()) {
            if (hostPort(member.address()).equals(node)) {
                if (member.address().equals(cluster.selfMember().address())) {
                    return new Answer(false, node + " is the daemon itself; `shutdown` stops it.");
                }
                cluster.manager().tell(new Leave(member.address()));
                return new Answer(true, "draining " + node + ": it leaves the cluster after its current work.");
            }
        }
        return new Answer(false, "no node " + node + " in the cluster; `workers` lists them.");
    }

    private static String hostPort(Address address) {
        return address.getHost().orElse("?") + ":" + address.getPort().map(Object::toString).orElse("?");
    }
}
