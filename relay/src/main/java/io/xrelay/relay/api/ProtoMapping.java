/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.TimeLock;
import io.xrelay.relay.proto.v1.AccountRef;
import io.xrelay.relay.proto.v1.AssetRef;
import io.xrelay.relay.proto.v1.ChainRef;
import io.xrelay.relay.proto.v1.HashLock;
import io.xrelay.relay.proto.v1.RejectionReason;
import io.xrelay.relay.proto.v1.StateChange;
import io.xrelay.relay.proto.v1.Transfer;
import io.xrelay.relay.proto.v1.TransferId;
import io.xrelay.relay.proto.v1.TransferState;
import io.xrelay.relay.transfer.TransferView;
import java.time.Instant;
import java.util.Locale;

/** The relay's transfer types as relay.v1 messages. */
final class ProtoMapping {
    private ProtoMapping() {}

    /** The proto state of a state name of {@link io.xrelay.relay.transfer.TransferEntity}. */
    static TransferState state(String name) {
        try {
            return TransferState.valueOf(upperSnake(name));
        } catch (IllegalArgumentException e) {
            return TransferState.TRANSFER_STATE_UNSPECIFIED;
        }
    }

    /** The state name of {@link io.xrelay.relay.transfer.TransferEntity} of a proto state: SOURCE_LOCKED -> SourceLocked. */
    static String stateName(TransferState state) {
        StringBuilder b = new StringBuilder();
        boolean upper = true;
        for (char c : state.name().toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                b.append(upper ? c : Character.toLowerCase(c));
                upper = false;
            }
        }
        return b.toString();
    }

    /** Whether a transfer in {@code state} changes no more. */
    static boolean isFinal(TransferState state) {
        return switch (state) {
            case COMPLETED, SOURCE_REFUNDED, SOURCE_CLAIM_MISSED, EXPIRED -> true;
            default -> false;
        };
    }

    static RejectionReason reason(io.xrelay.relay.transfer.RejectionReason reason) {
        try {
            return RejectionReason.valueOf(upperSnake(reason.name()));
        } catch (IllegalArgumentException e) {
            return RejectionReason.REJECTION_REASON_UNSPECIFIED;
        }
    }

    /** {@code SourceClaimMissed} -> {@code SOURCE_CLAIM_MISSED}. */
    static String upperSnake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    static TransferId id(io.xrelay.relay.transfer.TransferId id) {
        return TransferId.newBuilder()
                .setSourceChain(chain(id.source()))
                .setLockId(id.sourceLock().value())
                .build();
    }

    static ChainRef chain(ChainId id) {
        return ChainRef.newBuilder().setId(id.value()).build();
    }

    static io.xrelay.relay.proto.v1.Amount amount(Amount amount) {
        return io.xrelay.relay.proto.v1.Amount.newBuilder()
                .setUnits(amount.units().toString())
                .build();
    }

    static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder()
                .setSeconds(at.getEpochSecond())
                .setNanos(at.getNano())
                .build();
    }

    static Timestamp timestamp(TimeLock timeLock) {
        return Timestamp.newBuilder().setSeconds(timeLock.epochSecond()).build();
    }

    static io.xrelay.relay.proto.v1.LockTerms terms(ChainId source, LockTerms t) {
        return io.xrelay.relay.proto.v1.LockTerms.newBuilder()
                .setSender(account(source, t.sender().value()))
                .setReceiver(account(source, t.receiver().value()))
                .setHashLock(HashLock.newBuilder()
                        .setSha256(ByteString.copyFrom(t.hashLock().hash().toByteArray())))
                .setTimeLock(timestamp(t.timeLock()))
                .setAsset(AssetRef.newBuilder()
                        .setChain(chain(source))
                        .setAsset(t.asset().id()))
                .setAmount(amount(t.amount()))
                .setDestinationRecipient(
                        account(t.destinationChain(), t.destinationRecipient().value()))
                .setMinDestinationAmount(amount(t.minDestinationAmount()))
                .build();
    }

    static AccountRef account(ChainId chain, String account) {
        return AccountRef.newBuilder()
                .setChain(chain(chain))
                .setAccount(account)
                .build();
    }

    static StateChange change(TransferView.Change c) {
        return StateChange.newBuilder()
                .setState(state(c.state()))
                .setAt(timestamp(c.at()))
                .setRevision(c.revision())
                .setDetail(c.detail())
                .build();
    }

    static Transfer transfer(TransferView v) {
        Transfer.Builder b = Transfer.newBuilder().setId(id(v.id())).setState(state(v.state()));
        v.terms().ifPresent(t -> b.setTerms(terms(v.id().source(), t)));
        v.targetLock().ifPresent(l -> b.setTargetLockId(l.value()));
        v.targetTimeLock().ifPresent(t -> b.setTargetTimeLock(timestamp(t)));
        v.targetAmount().ifPresent(a -> b.setTargetAmount(amount(a)));
        v.reason().ifPresent(r -> b.setRejection(reason(r)));
        v.reasonText().ifPresent(b::setRejectionDetail);
        v.destinationAsset().ifPresent(a -> v.terms()
                .ifPresent(t -> b.setDestinationAsset(AssetRef.newBuilder()
                        .setChain(chain(t.destinationChain()))
                        .setAsset(a.id()))));
        v.idempotencyKey().ifPresent(b::setIdempotencyKey);
        v.history().forEach(c -> b.addHistory(change(c)));
        return b.build();
    }
}
